/**
 * Sealing form answers to the portal's X25519 intake key (libsodium sealed
 * box: anonymous sender, only the holder of the private key can open) and
 * opening them again on the portal. Browser-safe: pure code plus the libsodium
 * instance the caller passes in.
 */
import { decodeBase64url, encodeBase64url } from './base64url';
import {
  ENVELOPE_VERSION,
  isEnvelopeV1,
  isSealedPayload,
  type AnswerValue,
  type EnvelopeV1,
  type SealedPayload,
} from './envelope-shape';
import { PUBLIC_KEY_BYTES, type SodiumLike } from './sodium';

/** Thrown by sealing helpers; its message never holds answers or key material. */
export class SealError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SealError';
  }
}

function checkPublicKey(publicKey: Uint8Array): void {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== PUBLIC_KEY_BYTES) {
    throw new SealError(`recipient public key must be ${PUBLIC_KEY_BYTES} bytes`);
  }
}

/** The exact plaintext that gets sealed: fixed key order so both sides can reason about it. */
export function sealedPlaintext(payload: SealedPayload): Uint8Array {
  const { form, formVersion, answers, submittedAt } = payload;
  return new TextEncoder().encode(JSON.stringify({ form, formVersion, answers, submittedAt }));
}

export function sealPayload(sodium: SodiumLike, recipientPublicKey: Uint8Array, payload: SealedPayload): Uint8Array {
  checkPublicKey(recipientPublicKey);
  if (!isSealedPayload(payload)) throw new SealError('payload does not match the sealed payload schema');
  return sodium.crypto_box_seal(sealedPlaintext(payload), recipientPublicKey);
}

/**
 * Opens and validates a sealed payload. Throws SealError when the box does not
 * open with this key pair, is not UTF-8 JSON, or does not match the schema; the
 * message says which, never what was inside.
 */
export function openPayload(sodium: SodiumLike, ct: Uint8Array, publicKey: Uint8Array, privateKey: Uint8Array): SealedPayload {
  let plain: Uint8Array;
  try {
    plain = sodium.crypto_box_seal_open(ct, publicKey, privateKey);
  } catch {
    throw new SealError('sealed box does not open with this key');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plain));
  } catch {
    throw new SealError('sealed plaintext is not UTF-8 JSON');
  } finally {
    plain.fill(0);
  }
  if (!isSealedPayload(parsed)) throw new SealError('sealed plaintext does not match the sealed payload schema');
  return parsed;
}

export interface BuildEnvelopeInput {
  id: string;
  form: string;
  kid: string;
  publicKey: Uint8Array;
  /** `form` may be left out: the envelope's form is sealed inside. If given, it must match. */
  payload: { form?: string; formVersion: string; answers: Record<string, AnswerValue>; submittedAt: string };
}

/** Seals the answers and wraps them in envelope v1, ready to POST to the CMS. */
export function buildEnvelope(sodium: SodiumLike, input: BuildEnvelopeInput): EnvelopeV1 {
  const { id, form, kid, publicKey, payload } = input;
  if (payload.form !== undefined && payload.form !== form) throw new SealError('payload form differs from the envelope form');
  const sealed: SealedPayload = { form, formVersion: payload.formVersion, answers: payload.answers, submittedAt: payload.submittedAt };
  const envelope: EnvelopeV1 = { v: ENVELOPE_VERSION, id, form, kid, ct: encodeBase64url(sealPayload(sodium, publicKey, sealed)) };
  if (!isEnvelopeV1(envelope)) throw new SealError('envelope id, form or kid is malformed');
  return envelope;
}

/**
 * Portal side: opens an envelope's ciphertext and checks that the sealed form
 * repeats the outer one (so a relaying CMS cannot file answers under another form).
 */
export function openEnvelope(sodium: SodiumLike, envelope: EnvelopeV1, publicKey: Uint8Array, privateKey: Uint8Array): SealedPayload {
  const payload = openPayload(sodium, decodeBase64url(envelope.ct), publicKey, privateKey);
  if (payload.form !== envelope.form) throw new SealError('sealed form differs from the envelope form');
  return payload;
}
