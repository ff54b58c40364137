// `import = require` keeps the live module object: libsodium adds its functions
// once `ready` resolves, which a namespace copy (`import * as`) would miss.
import sodium = require('libsodium-wrappers-sumo');

export type Sodium = typeof sodium;

export async function sodiumReady(): Promise<Sodium> {
  await sodium.ready;
  return sodium;
}
