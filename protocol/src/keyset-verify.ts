/**
 * Browser-side check of the intake key set: the signing key must match a
 * pinned fingerprint, the signature must cover canonical(payload), and the
 * current key must still be in date. Only then may the widget seal to it.
 */
import { decodeBase64url, encodeBase64url } from './base64url';
import { canonicalBytes } from './canonical';
import { FINGERPRINT_PREFIX, isKeySetDocument } from './keyset-shape';
import type { SodiumLike } from './sodium';

export type KeySetFailure = 'bad-pin' | 'bad-signature' | 'malformed' | 'no-current-key';

export type KeySetVerifyResult =
  | { ok: true; current: { kid: string; publicKey: Uint8Array }; issuedAt: string }
  | { ok: false; reason: KeySetFailure };

/**
 * `sha256:<base64url>` of the raw Ed25519 public key, via WebCrypto: the
 * standard libsodium-wrappers build has no crypto_hash_sha256 at run time.
 * WebCrypto exists only in secure contexts (HTTPS or localhost), which a page
 * collecting health data must be anyway.
 */
export async function fingerprintSigningKey(signingKeyRaw: Uint8Array): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (subtle === undefined) throw new Error('WebCrypto is unavailable (the page must be served over HTTPS)');
  const digest = await subtle.digest('SHA-256', Uint8Array.from(signingKeyRaw));
  return FINGERPRINT_PREFIX + encodeBase64url(new Uint8Array(digest));
}

/**
 * `pin` is the expected fingerprint, or several during a signing-key rotation.
 * Checks run in this order: malformed, bad-pin, bad-signature, no-current-key.
 */
export async function verifyKeySet(
  sodium: SodiumLike,
  doc: unknown,
  pin: string | readonly string[],
  options: { now?: Date } = {},
): Promise<KeySetVerifyResult> {
  if (!isKeySetDocument(doc)) return { ok: false, reason: 'malformed' };
  const signingKey = decodeBase64url(doc.signingKey);
  const pins = typeof pin === 'string' ? [pin] : pin;
  if (!pins.includes(await fingerprintSigningKey(signingKey))) return { ok: false, reason: 'bad-pin' };
  let signed: boolean;
  try {
    signed = sodium.crypto_sign_verify_detached(decodeBase64url(doc.sig), canonicalBytes(doc.payload), signingKey);
  } catch {
    signed = false;
  }
  if (!signed) return { ok: false, reason: 'bad-signature' };
  const current = doc.payload.keys.find((k) => k.kid === doc.payload.current);
  const now = (options.now ?? new Date()).getTime();
  if (current === undefined || (current.notAfter !== null && Date.parse(current.notAfter) <= now)) {
    return { ok: false, reason: 'no-current-key' };
  }
  return { ok: true, current: { kid: current.kid, publicKey: decodeBase64url(current.publicKey) }, issuedAt: doc.payload.issuedAt };
}
