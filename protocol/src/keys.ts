/** Ed25519 key handling for node:crypto: PEM or KeyObject in, raw 32-byte public keys for the wire. */
import { createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { decodeBase64url, encodeBase64url } from './base64url';
import { PUBLIC_KEY_BYTES } from './sodium';

export class KeyFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyFormatError';
  }
}

/** A private Ed25519 KeyObject from a KeyObject or a PKCS#8 PEM; throws KeyFormatError otherwise. */
export function toEd25519PrivateKey(key: KeyObject | string): KeyObject {
  let object: KeyObject;
  try {
    object = typeof key === 'string' ? createPrivateKey(key) : key;
  } catch {
    throw new KeyFormatError('private key is not a readable PEM');
  }
  if (!(object instanceof KeyObject) || object.type !== 'private' || object.asymmetricKeyType !== 'ed25519') {
    throw new KeyFormatError('expected an Ed25519 private key');
  }
  return object;
}

/** A public Ed25519 KeyObject from a KeyObject (public or private), an SPKI PEM, or the raw 32 bytes. */
export function toEd25519PublicKey(key: KeyObject | string | Uint8Array): KeyObject {
  let object: KeyObject;
  try {
    if (key instanceof Uint8Array) object = ed25519PublicKeyFromRaw(key);
    else object = typeof key === 'string' ? createPublicKey(key) : key.type === 'private' ? createPublicKey(key) : key;
  } catch {
    throw new KeyFormatError('public key is not readable');
  }
  if (object.type !== 'public' || object.asymmetricKeyType !== 'ed25519') throw new KeyFormatError('expected an Ed25519 public key');
  return object;
}

export function ed25519PublicKeyFromRaw(raw: Uint8Array): KeyObject {
  if (raw.length !== PUBLIC_KEY_BYTES) throw new KeyFormatError(`raw Ed25519 public key must be ${PUBLIC_KEY_BYTES} bytes`);
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: encodeBase64url(raw) }, format: 'jwk' });
}

/** The raw 32-byte public key of an Ed25519 key (public or private KeyObject). */
export function ed25519PublicKeyRaw(key: KeyObject): Uint8Array {
  const jwk = toEd25519PublicKey(key).export({ format: 'jwk' });
  if (typeof jwk.x !== 'string') throw new KeyFormatError('Ed25519 key has no public part');
  return decodeBase64url(jwk.x);
}

/** A fresh Ed25519 pair, for tests and for first-run key creation. */
export function generateEd25519KeyPair(): { privateKey: KeyObject; publicKey: KeyObject } {
  return generateKeyPairSync('ed25519');
}
