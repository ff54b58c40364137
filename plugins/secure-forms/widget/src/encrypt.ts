import { buildEnvelope, verifyKeySet, type EnvelopeV1, type SodiumLike } from '@palisade/protocol/browser';
import type { FormDefinition } from './definition';
import { WidgetError, type WidgetErrorCode } from './errors';
import { loadSodium } from './sodium';
import { ERROR_TEXT, sealedAnswers, validateAnswers, type Answers } from './validate';

/** The portal's key set as fetched, and the fingerprint(s) the page pins it to. */
export interface KeySetInput {
  document: unknown;
  pin: string | readonly string[];
}

export interface EncryptOptions {
  sodium?: SodiumLike;
  /** The envelope id (idempotency key); a fresh UUID by default. */
  id?: string;
  now?: Date;
}

function randomId(): string {
  const c = globalThis.crypto;
  if (!c?.getRandomValues) throw new WidgetError('crypto-unavailable');
  if (typeof c.randomUUID === 'function') return c.randomUUID();
  const b = c.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** GET {portal}/intake/keys: the signed key set, straight from the portal's origin (never through the CMS). */
export async function fetchKeySet(portalOrigin: string, fetchImpl: typeof fetch = fetch): Promise<unknown> {
  let res: Response;
  try {
    res = await fetchImpl(`${portalOrigin.replace(/\/+$/, '')}/intake/keys`, { credentials: 'omit', headers: { accept: 'application/json' } });
  } catch {
    throw new WidgetError('keyset-unavailable');
  }
  if (!res.ok) throw new WidgetError('keyset-unavailable');
  try {
    return await res.json();
  } catch {
    throw new WidgetError('keyset-malformed');
  }
}

/**
 * Validates the answers, checks the key set's signature against the pinned
 * fingerprint, and seals the answers to the current key. Refuses (throws
 * WidgetError) rather than encrypt to a key it could not verify: the answers
 * then never leave the page. For sites that render their own forms.
 */
export async function encryptSubmission(definition: FormDefinition, answers: Answers, keySet: KeySetInput, options: EncryptOptions = {}): Promise<EnvelopeV1> {
  const errors = validateAnswers(definition, answers);
  if (Object.keys(errors).length > 0) {
    throw new WidgetError('invalid-answers', Object.fromEntries(Object.entries(errors).map(([k, e]) => [k, ERROR_TEXT[e]])));
  }
  let sodium: SodiumLike;
  try {
    sodium = options.sodium ?? (await loadSodium());
  } catch {
    throw new WidgetError('crypto-unavailable');
  }
  let verified;
  try {
    verified = await verifyKeySet(sodium, keySet.document, keySet.pin, { now: options.now });
  } catch {
    throw new WidgetError('crypto-unavailable'); // no WebCrypto: not a secure context
  }
  if (!verified.ok) throw new WidgetError(`keyset-${verified.reason}` as WidgetErrorCode);
  return buildEnvelope(sodium, {
    id: options.id ?? randomId(),
    form: definition.slug,
    kid: verified.current.kid,
    publicKey: verified.current.publicKey,
    payload: { formVersion: definition.formVersion, answers: sealedAnswers(definition, answers), submittedAt: (options.now ?? new Date()).toISOString() },
  });
}
