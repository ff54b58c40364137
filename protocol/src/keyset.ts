/** Portal side of the intake key set: signing it and computing the fingerprint the CMS pins. */
import { sign, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { decodeBase64url, encodeBase64url } from './base64url';
import { canonicalBytes } from './canonical';
import { sha256 } from './digest';
import { IsoDateTimeSchema, KidSchema } from './envelope';
import { FINGERPRINT_PREFIX, isKeySetPayload, MAX_KEYSET_KEYS, type KeySetDocument, type KeySetPayload } from './keyset-shape';
import { ed25519PublicKeyRaw, KeyFormatError, toEd25519PrivateKey } from './keys';
import { PUBLIC_KEY_BYTES } from './sodium';

const raw32 = z.string().refine((s) => {
  try {
    return decodeBase64url(s).length === PUBLIC_KEY_BYTES;
  } catch {
    return false;
  }
}, { message: 'must be base64url of 32 bytes' });

export const KeySetKeySchema = z.strictObject({ kid: KidSchema, publicKey: raw32, notAfter: IsoDateTimeSchema.nullable() });
export const KeySetPayloadSchema = z
  .strictObject({ keys: z.array(KeySetKeySchema).min(1).max(MAX_KEYSET_KEYS), current: KidSchema, issuedAt: IsoDateTimeSchema })
  .refine(isKeySetPayload, { message: 'kids must be unique and current must name a listed key' });

/** `sha256:<base64url(sha256(raw 32-byte Ed25519 public key))>`: what the CMS pins (CMS config / widget). */
export function keySetFingerprint(signingKeyRaw: Uint8Array | string): string {
  const raw = typeof signingKeyRaw === 'string' ? decodeBase64url(signingKeyRaw) : signingKeyRaw;
  if (raw.length !== PUBLIC_KEY_BYTES) throw new KeyFormatError(`raw Ed25519 public key must be ${PUBLIC_KEY_BYTES} bytes`);
  return FINGERPRINT_PREFIX + encodeBase64url(sha256(raw));
}

/** Signs canonical(payload) with the portal's key-set signing key; throws on a malformed payload. */
export function signKeySet(payload: KeySetPayload, ed25519PrivateKey: KeyObject | string): KeySetDocument {
  const clean = KeySetPayloadSchema.parse(payload);
  const key = toEd25519PrivateKey(ed25519PrivateKey);
  return {
    payload: clean,
    signingKey: encodeBase64url(ed25519PublicKeyRaw(key)),
    sig: encodeBase64url(sign(null, canonicalBytes(clean), key)),
  };
}
