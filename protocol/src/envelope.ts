/**
 * zod schemas for envelope v1 and the sealed payload, for servers (the CMS
 * intake controller, the portal intake route). The rules live in
 * envelope-shape.ts so the browser guard and these schemas cannot drift.
 */
import { z } from 'zod';
import {
  ENVELOPE_VERSION,
  FORM_SLUG_PATTERN,
  isCiphertext,
  isIsoDateTime,
  KID_PATTERN,
  MAX_FORM_VERSION_LENGTH,
  MIN_CIPHERTEXT_BYTES,
  UUID_PATTERN,
  type EnvelopeV1,
  type SealedPayload,
} from './envelope-shape';

export { MIN_CIPHERTEXT_BYTES, type EnvelopeV1, type SealedPayload };

export const UuidSchema = z.string().regex(UUID_PATTERN, { message: 'must be a lowercase canonical UUID' });
export const FormSlugSchema = z.string().regex(FORM_SLUG_PATTERN, { message: 'must be a form slug (a-z, 0-9, dash; up to 128)' });
export const KidSchema = z.string().regex(KID_PATTERN, { message: 'must be 1-64 letters, digits, dot, dash or underscore' });
export const IsoDateTimeSchema = z.string().refine(isIsoDateTime, { message: 'must be an ISO-8601 date-time with a zone' });
export const CiphertextSchema = z
  .string()
  .refine(isCiphertext, { message: `must be canonical unpadded base64url of at least ${MIN_CIPHERTEXT_BYTES} bytes` });

export const EnvelopeV1Schema = z.strictObject({
  v: z.literal(ENVELOPE_VERSION),
  id: UuidSchema,
  form: FormSlugSchema,
  kid: KidSchema,
  ct: CiphertextSchema,
});

export const AnswerValueSchema = z.union([z.string(), z.array(z.string()), z.boolean()]);

export const SealedPayloadSchema = z.strictObject({
  form: FormSlugSchema,
  formVersion: z.string().min(1).max(MAX_FORM_VERSION_LENGTH),
  answers: z.record(z.string(), AnswerValueSchema),
  submittedAt: IsoDateTimeSchema,
});

// Compile-time proof that the zod schemas and the hand-written types describe the same data.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const envelopeTypesAgree: Same<z.infer<typeof EnvelopeV1Schema>, EnvelopeV1> = true;
const payloadTypesAgree: Same<z.infer<typeof SealedPayloadSchema>, SealedPayload> = true;
void envelopeTypesAgree;
void payloadTypesAgree;
