/**
 * The intake key set the portal serves at GET /intake/keys: which X25519 keys
 * browsers may seal to, signed with an Ed25519 key whose fingerprint the CMS
 * pins in the widget. Shapes and a hand-written guard, browser-safe.
 */
import { base64urlByteLength } from './base64url';
import { hasExactKeys, isRecord } from './guards';
import { isIsoDateTime, isKid } from './envelope-shape';
import { ED25519_SIGNATURE_BYTES, PUBLIC_KEY_BYTES } from './sodium';

export const MAX_KEYSET_KEYS = 16;
export const FINGERPRINT_PREFIX = 'sha256:';
export const FINGERPRINT_PATTERN = /^sha256:[A-Za-z0-9_-]{43}$/;

export interface KeySetKey {
  kid: string;
  /** base64url of the raw 32-byte X25519 public key. */
  publicKey: string;
  /** ISO date-time after which browsers must stop sealing to this key; null = no planned end. */
  notAfter: string | null;
}

export interface KeySetPayload {
  keys: KeySetKey[];
  /** kid of the key browsers should seal to now; must be listed in keys. */
  current: string;
  issuedAt: string;
}

export interface KeySetDocument {
  payload: KeySetPayload;
  /** base64url of the raw 32-byte Ed25519 public key that signed the payload. */
  signingKey: string;
  /** base64url Ed25519 signature over canonical JSON of payload. */
  sig: string;
}

export function isKeySetKey(x: unknown): x is KeySetKey {
  return (
    isRecord(x) &&
    hasExactKeys(x, ['kid', 'publicKey', 'notAfter']) &&
    isKid(x.kid) &&
    base64urlByteLength(x.publicKey) === PUBLIC_KEY_BYTES &&
    (x.notAfter === null || isIsoDateTime(x.notAfter))
  );
}

/** Structure only (unique kids, current listed); the signature is checked by verifyKeySet. */
export function isKeySetPayload(x: unknown): x is KeySetPayload {
  if (!isRecord(x) || !hasExactKeys(x, ['keys', 'current', 'issuedAt'])) return false;
  if (!Array.isArray(x.keys) || x.keys.length === 0 || x.keys.length > MAX_KEYSET_KEYS || !x.keys.every(isKeySetKey)) return false;
  const kids = new Set(x.keys.map((k: KeySetKey) => k.kid));
  return kids.size === x.keys.length && isKid(x.current) && kids.has(x.current) && isIsoDateTime(x.issuedAt);
}

export function isKeySetDocument(x: unknown): x is KeySetDocument {
  return (
    isRecord(x) &&
    hasExactKeys(x, ['payload', 'signingKey', 'sig']) &&
    isKeySetPayload(x.payload) &&
    base64urlByteLength(x.signingKey) === PUBLIC_KEY_BYTES &&
    base64urlByteLength(x.sig) === ED25519_SIGNATURE_BYTES
  );
}
