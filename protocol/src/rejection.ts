/**
 * The portal's signed rejection of an envelope it can never accept. It is the
 * only other thing, besides a receipt, that lets the CMS delete an outbox row:
 * the portal signs one only when no key it holds can ever open the box
 * (`sealed-box`) or the opened payload names another form than the envelope
 * (`form-mismatch`). Every other refusal (unknown or retired kid, unknown form,
 * schema, signature, conflict, outage) is fixable by an operator, so those rows
 * stay queued.
 *
 * The signing bytes carry `type: 'rejection'`, and a receipt's signing bytes
 * are exactly { digest, id, receivedAt }: the two can never be the same bytes,
 * so one key signs both without a receipt passing as a rejection or the reverse.
 */
import { sign, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { decodeBase64url, encodeBase64url } from './base64url';
import { canonicalBytes } from './canonical';
import { IsoDateTimeSchema, KidSchema, UuidSchema } from './envelope';
import { toEd25519PrivateKey } from './keys';
import { ReceiptDigestSchema } from './receipt';
import { ED25519_SIGNATURE_BYTES } from './sodium';

/** The final reasons: nothing an operator does can make such an envelope acceptable. */
export const REJECTION_REASONS = ['sealed-box', 'form-mismatch'] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

const SIGNATURE_PATTERN = /^[A-Za-z0-9_-]{86}$/;

export const RejectionSchema = z.strictObject({
  id: UuidSchema,
  digest: ReceiptDigestSchema,
  reason: z.enum(REJECTION_REASONS),
  rejectedAt: IsoDateTimeSchema,
  /** Id of the portal's receipt-signing Ed25519 key (the one receipts are signed with). */
  kid: KidSchema,
  /** base64url Ed25519 signature over rejectionSigningBytes. */
  sig: z.string().regex(SIGNATURE_PATTERN, { message: 'must be a base64url Ed25519 signature' }),
});
export type Rejection = z.infer<typeof RejectionSchema>;

export interface RejectionFields {
  id: string;
  digest: string;
  reason: RejectionReason;
  rejectedAt: string;
}

/** Canonical JSON bytes of { type: 'rejection', id, digest, reason, rejectedAt }: what the signature covers. */
export function rejectionSigningBytes(fields: RejectionFields): Uint8Array {
  return canonicalBytes({ type: 'rejection', id: fields.id, digest: fields.digest, reason: fields.reason, rejectedAt: fields.rejectedAt });
}

export function signRejection(fields: RejectionFields, signer: { kid: string; privateKey: KeyObject | string }): Rejection {
  // Parse first: a reason outside the final enum or a malformed id must never be signed.
  const unsigned = RejectionSchema.omit({ kid: true, sig: true }).parse(fields);
  const key = toEd25519PrivateKey(signer.privateKey);
  const sig = encodeBase64url(sign(null, rejectionSigningBytes(unsigned), key));
  return RejectionSchema.parse({ ...unsigned, kid: signer.kid, sig });
}

/**
 * True only if `rejection` is well-formed (reason in the final enum), signed by
 * the key `resolveKey(kid)` returns, and names exactly the expected id and
 * digest. Unlike verifyReceipt the expectation is required: a rejection is only
 * ever checked against the row about to be deleted. Never throws.
 */
export function verifyRejection(
  rejection: unknown,
  resolveKey: (kid: string) => KeyObject | undefined,
  expected: { id: string; digest: string },
): boolean {
  try {
    const parsed = RejectionSchema.safeParse(rejection);
    if (!parsed.success) return false;
    const r = parsed.data;
    if (r.id !== expected.id || r.digest !== expected.digest) return false;
    const key = resolveKey(r.kid);
    if (key === undefined || key.asymmetricKeyType !== 'ed25519') return false;
    const sig = decodeBase64url(r.sig);
    if (sig.length !== ED25519_SIGNATURE_BYTES) return false;
    return verify(null, rejectionSigningBytes(r), key, sig);
  } catch {
    return false;
  }
}
