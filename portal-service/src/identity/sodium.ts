// `import = require` keeps the live module object: libsodium adds its functions
// to it only once `ready` resolves, so a namespace copy taken at import time
// (what `import * as` compiles to) would miss them.
import sodium = require('libsodium-wrappers-sumo');

export type Sodium = typeof sodium;

/** The sumo build (it has crypto_pwhash), initialised once. */
export async function sodiumReady(): Promise<Sodium> {
  await sodium.ready;
  return sodium;
}
