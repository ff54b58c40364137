/**
 * Browser-safe entry (`@palisade/protocol/browser`) for the intake widget: no
 * node: imports, no zod, no libsodium import (pass your ready instance).
 * browser.test.ts walks this file's import graph to keep it that way.
 */
export { Base64urlError, base64urlByteLength, decodeBase64url, encodeBase64url, tryDecodeBase64url } from './base64url';
export { CanonicalJsonError, canonicalBytes, canonicalJson } from './canonical';
export {
  ENVELOPE_VERSION,
  FORM_SLUG_PATTERN,
  ISO_DATETIME_PATTERN,
  KID_PATTERN,
  MIN_CIPHERTEXT_BYTES,
  UUID_PATTERN,
  isEnvelopeV1,
  isSealedPayload,
  type AnswerValue,
  type EnvelopeV1,
  type SealedPayload,
} from './envelope-shape';
export { buildEnvelope, SealError, sealPayload, sealedPlaintext, type BuildEnvelopeInput } from './seal';
export { isKeySetDocument, type KeySetDocument, type KeySetKey, type KeySetPayload } from './keyset-shape';
export { fingerprintSigningKey, verifyKeySet, type KeySetFailure, type KeySetVerifyResult } from './keyset-verify';
export { isProblemDetails, PROBLEM_CONTENT_TYPE, PROBLEM_TYPES, type ProblemDetails } from './problem';
export type { SodiumLike } from './sodium';
