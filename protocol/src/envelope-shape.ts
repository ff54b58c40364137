/**
 * Envelope v1 and sealed-payload shapes as plain code: the types, the field
 * rules, and hand-written type guards. Browser-safe (no zod) so the widget can
 * check what it builds; envelope.ts builds the zod schemas from the same rules.
 */
import { base64urlByteLength } from './base64url';
import { hasExactKeys, isRecord } from './guards';

export const ENVELOPE_VERSION = 1 as const;

/**
 * crypto_box_SEALBYTES: a sealed box is the plaintext plus a 32-byte ephemeral
 * public key and a 16-byte MAC, so even an empty message gives 48 bytes.
 */
export const MIN_CIPHERTEXT_BYTES = 48;

/** Any UUID version, lowercase canonical 8-4-4-4-12 form only. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const FORM_SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{0,127}$/;
export const KID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
/** RFC 3339 date-time with a mandatory zone (Z or ±hh:mm), as Date#toISOString produces. */
export const ISO_DATETIME_PATTERN =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;
export const MAX_FORM_VERSION_LENGTH = 64;

export interface EnvelopeV1 {
  v: 1;
  /** Submission id chosen by the browser; the idempotency key end to end. */
  id: string;
  /** Form slug; must equal the `form` sealed inside. */
  form: string;
  /** The portal intake key (X25519) the answers were sealed to. */
  kid: string;
  /** base64url of crypto_box_seal(JSON.stringify(SealedPayload)). */
  ct: string;
}

export type AnswerValue = string | string[] | boolean;

export interface SealedPayload {
  form: string;
  formVersion: string;
  answers: Record<string, AnswerValue>;
  submittedAt: string;
}

const ENVELOPE_KEYS = ['v', 'id', 'form', 'kid', 'ct'] as const;
const PAYLOAD_KEYS = ['form', 'formVersion', 'answers', 'submittedAt'] as const;

export function isUuid(x: unknown): x is string {
  return typeof x === 'string' && UUID_PATTERN.test(x);
}
export function isFormSlug(x: unknown): x is string {
  return typeof x === 'string' && FORM_SLUG_PATTERN.test(x);
}
export function isKid(x: unknown): x is string {
  return typeof x === 'string' && KID_PATTERN.test(x);
}
export function isIsoDateTime(x: unknown): x is string {
  if (typeof x !== 'string' || !ISO_DATETIME_PATTERN.test(x)) return false;
  // Date.parse rolls 2026-02-31 over to March; refuse days the month does not have.
  const year = Number(x.slice(0, 4));
  const month = Number(x.slice(5, 7));
  const day = Number(x.slice(8, 10));
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}
export function isCiphertext(x: unknown): x is string {
  const n = base64urlByteLength(x);
  return n !== undefined && n >= MIN_CIPHERTEXT_BYTES;
}

export function isAnswerValue(x: unknown): x is AnswerValue {
  return typeof x === 'string' || typeof x === 'boolean' || (Array.isArray(x) && x.every((item) => typeof item === 'string'));
}

/** Same rules as EnvelopeV1Schema (unknown keys refused), without zod. */
export function isEnvelopeV1(x: unknown): x is EnvelopeV1 {
  return (
    isRecord(x) &&
    hasExactKeys(x, ENVELOPE_KEYS) &&
    x.v === ENVELOPE_VERSION &&
    isUuid(x.id) &&
    isFormSlug(x.form) &&
    isKid(x.kid) &&
    isCiphertext(x.ct)
  );
}

/** Same rules as SealedPayloadSchema (unknown keys refused), without zod. */
export function isSealedPayload(x: unknown): x is SealedPayload {
  if (!isRecord(x) || !hasExactKeys(x, PAYLOAD_KEYS)) return false;
  if (!isFormSlug(x.form) || !isIsoDateTime(x.submittedAt)) return false;
  if (typeof x.formVersion !== 'string' || x.formVersion.length < 1 || x.formVersion.length > MAX_FORM_VERSION_LENGTH) return false;
  const answers = x.answers;
  return isRecord(answers) && Object.values(answers).every(isAnswerValue);
}
