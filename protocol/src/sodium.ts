/**
 * The slice of libsodium-wrappers this package uses. Callers pass their own,
 * already-ready instance, so browser code never imports libsodium itself (the
 * widget decides how and when to load it) and the Node side can share one.
 *
 * In CommonJS TypeScript import it as `import sodium = require('libsodium-wrappers')`
 * and `await sodium.ready`: `import * as sodium` copies the module's properties
 * before `ready` attaches the functions, leaving them undefined.
 */
export interface SodiumLike {
  crypto_box_seal(message: Uint8Array, publicKey: Uint8Array): Uint8Array;
  crypto_box_seal_open(ciphertext: Uint8Array, publicKey: Uint8Array, privateKey: Uint8Array): Uint8Array;
  crypto_sign_verify_detached(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean;
}

/** X25519 and Ed25519 public keys are both 32 bytes. */
export const PUBLIC_KEY_BYTES = 32;
export const ED25519_SIGNATURE_BYTES = 64;
