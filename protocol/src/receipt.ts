/**
 * The portal's signed receipt for an accepted envelope. The CMS deletes its
 * outbox copy only after verifyReceipt succeeds for the id and digest it sent,
 * so "deleted" always implies "the portal holds exactly these bytes".
 */
import { sign, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { decodeBase64url, encodeBase64url } from './base64url';
import { canonicalBytes } from './canonical';
import { sha256 } from './digest';
import { IsoDateTimeSchema, KidSchema, UuidSchema } from './envelope';
import type { EnvelopeV1 } from './envelope-shape';
import { toEd25519PrivateKey } from './keys';
import { ED25519_SIGNATURE_BYTES } from './sodium';

export const DIGEST_PREFIX = 'sha256:';
const DIGEST_PATTERN = /^sha256:[A-Za-z0-9_-]{43}$/;
const SIGNATURE_PATTERN = /^[A-Za-z0-9_-]{86}$/;

/**
 * The receipt digest of an envelope: sha256 over canonical JSON of the whole
 * envelope (v, id, form, kid, ct), as `sha256:<base64url>`. Independent of how
 * either side serialized the JSON, and binding the form and kid as well as the
 * ciphertext. The portal can recompute it from what it stored because ct's
 * base64url is canonical.
 */
export function envelopeDigest(envelope: EnvelopeV1): string {
  const { v, id, form, kid, ct } = envelope;
  return DIGEST_PREFIX + encodeBase64url(sha256(canonicalBytes({ v, id, form, kid, ct })));
}

export const ReceiptDigestSchema = z.string().regex(DIGEST_PATTERN, { message: 'must be sha256:<base64url of 32 bytes>' });

export const ReceiptSchema = z.strictObject({
  id: UuidSchema,
  digest: ReceiptDigestSchema,
  receivedAt: IsoDateTimeSchema,
  /** Id of the portal's receipt-signing Ed25519 key. */
  kid: KidSchema,
  /** base64url Ed25519 signature over receiptSigningBytes. */
  sig: z.string().regex(SIGNATURE_PATTERN, { message: 'must be a base64url Ed25519 signature' }),
});
export type Receipt = z.infer<typeof ReceiptSchema>;

export interface ReceiptFields {
  id: string;
  digest: string;
  receivedAt: string;
}

/** Canonical JSON bytes of exactly { id, digest, receivedAt }: what the receipt signature covers. */
export function receiptSigningBytes(fields: ReceiptFields): Uint8Array {
  return canonicalBytes({ id: fields.id, digest: fields.digest, receivedAt: fields.receivedAt });
}

export function signReceipt(fields: ReceiptFields, signer: { kid: string; privateKey: KeyObject | string }): Receipt {
  const key = toEd25519PrivateKey(signer.privateKey);
  const sig = encodeBase64url(sign(null, receiptSigningBytes(fields), key));
  // Parsing what we produce keeps a malformed id or timestamp from ever being signed and sent.
  return ReceiptSchema.parse({ id: fields.id, digest: fields.digest, receivedAt: fields.receivedAt, kid: signer.kid, sig });
}

/**
 * True only if `receipt` is well-formed, signed by the key `resolveKey(kid)`
 * returns, and (when given) names exactly the expected id and digest. Never
 * throws: anything odd is simply not a valid receipt.
 */
export function verifyReceipt(
  receipt: unknown,
  resolveKey: (kid: string) => KeyObject | undefined,
  expected?: { id: string; digest: string },
): boolean {
  try {
    const parsed = ReceiptSchema.safeParse(receipt);
    if (!parsed.success) return false;
    const r = parsed.data;
    if (expected !== undefined && (r.id !== expected.id || r.digest !== expected.digest)) return false;
    const key = resolveKey(r.kid);
    if (key === undefined || key.asymmetricKeyType !== 'ed25519') return false;
    const sig = decodeBase64url(r.sig);
    if (sig.length !== ED25519_SIGNATURE_BYTES) return false;
    return verify(null, receiptSigningBytes(r), key, sig);
  } catch {
    return false;
  }
}
