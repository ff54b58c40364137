import sodium = require('libsodium-wrappers');
import type { SodiumLike } from '@palisade/protocol';

/** libsodium, ready. `import sodium = require(...)` keeps the functions `ready` attaches (see protocol/README.md). */
export async function readySodium(): Promise<SodiumLike> {
  await sodium.ready;
  return sodium;
}
