/**
 * Verification side of the intake signature profile (see signing.ts). Never
 * throws on what a client sent: every refusal is `{ ok: false, reason }` with a
 * reason code safe to log and to return in a problem+json body. Remembering
 * nonces (replay) is the caller's job: store `nonce` per keyId for at least
 * maxAgeSeconds after a successful verification.
 */
import { verify, type KeyObject } from 'node:crypto';
import { verifyContentDigest } from './digest';
import { KID_PATTERN } from './envelope-shape';
import { signatureBase, signatureParamsValue, fieldValue, targetUri, type ComponentValue } from './signature-base';
import { COVERED_COMPONENTS, INTAKE_SIGNATURE_TAG, SIGNATURE_ALG, SIGNATURE_LABEL } from './signing';
import { parseDictionary, type Dictionary, type ParamValue } from './structured-fields';

export type VerifyFailure =
  | 'missing-signature'
  | 'malformed-signature-input'
  | 'unknown-keyid'
  | 'alg-mismatch'
  | 'tag-mismatch'
  | 'missing-component'
  | 'created-in-future'
  | 'too-old'
  | 'expired'
  | 'missing-nonce'
  | 'bad-signature'
  | 'digest-mismatch';

export type VerifyResult =
  | { ok: true; keyId: string; nonce: string; created: number; expires: number }
  /** keyId is the claimed one, present once it was read and is well-formed: for the audit trail, not for trust. */
  | { ok: false; reason: VerifyFailure; keyId?: string };

export interface VerifyRequestInput {
  method: string;
  /** The absolute URL this request reached, as the signer saw it (configured origin + path and query). */
  url: string;
  /** Lowercase header names, e.g. Node's IncomingHttpHeaders. */
  headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  body: Uint8Array;
  resolveKey: (keyId: string) => KeyObject | undefined;
  now?: Date;
  maxFutureSkewSeconds?: number;
  maxAgeSeconds?: number;
  requiredTag?: string;
}

const MAX_HEADER_LENGTH = 4096;
const MAX_NONCE_LENGTH = 128;
const ED25519_SIGNATURE_BYTES = 64;
const PARAM_TYPES: Record<string, 'integer' | 'string'> = {
  created: 'integer',
  expires: 'integer',
  nonce: 'string',
  keyid: 'string',
  alg: 'string',
  tag: 'string',
};

type Failure = { ok: false; reason: VerifyFailure; keyId?: string };
const fail = (reason: VerifyFailure, keyId?: string): Failure => (keyId === undefined ? { ok: false, reason } : { ok: false, reason, keyId });

function parseHeader(raw: string | readonly string[] | undefined): Dictionary | 'missing' | 'malformed' {
  const value = fieldValue(raw);
  if (value === undefined || value === '') return 'missing';
  if (value.length > MAX_HEADER_LENGTH) return 'malformed';
  try {
    return parseDictionary(value);
  } catch {
    return 'malformed';
  }
}

interface ParsedSignature {
  components: string[];
  params: Array<[string, ParamValue]>;
  values: Map<string, ParamValue>;
  signature: Buffer;
}

function readSignature(input: VerifyRequestInput): ParsedSignature | Failure {
  const sigInput = parseHeader(input.headers['signature-input']);
  const sigHeader = parseHeader(input.headers['signature']);
  if (sigInput === 'missing' || sigHeader === 'missing') return fail('missing-signature');
  if (sigInput === 'malformed' || sigHeader === 'malformed') return fail('malformed-signature-input');
  const member = sigInput.get(SIGNATURE_LABEL);
  const sigMember = sigHeader.get(SIGNATURE_LABEL);
  if (member === undefined || sigMember === undefined) return fail('missing-signature');
  if (member.kind !== 'inner-list' || sigMember.kind !== 'item' || sigMember.value.type !== 'bytes') {
    return fail('malformed-signature-input');
  }
  const components: string[] = [];
  for (const item of member.items) {
    if (item.value.type !== 'string' || item.params.size !== 0 || components.includes(item.value.value)) {
      return fail('malformed-signature-input');
    }
    components.push(item.value.value);
  }
  const params: Array<[string, ParamValue]> = [];
  for (const [name, value] of member.params) {
    const expected = PARAM_TYPES[name];
    if (expected === undefined || value.type !== expected) return fail('malformed-signature-input');
    params.push([name, value.value as ParamValue]);
  }
  return { components, params, values: new Map(params), signature: sigMember.value.value };
}

export function verifyRequest(input: VerifyRequestInput): VerifyResult {
  try {
    return verifyUnsafe(input);
  } catch {
    // Defence in depth: a hostile request must never turn into a 500.
    return fail('malformed-signature-input');
  }
}

function verifyUnsafe(input: VerifyRequestInput): VerifyResult {
  const parsed = readSignature(input);
  if ('ok' in parsed) return parsed;
  const { components, values } = parsed;

  const claimedKeyId = values.get('keyid');
  const keyId = typeof claimedKeyId === 'string' && KID_PATTERN.test(claimedKeyId) ? claimedKeyId : undefined;
  const created = values.get('created');
  const expires = values.get('expires');
  if (typeof claimedKeyId !== 'string' || typeof created !== 'number' || typeof expires !== 'number' || expires < created) {
    return fail('malformed-signature-input', keyId);
  }
  if (COVERED_COMPONENTS.some((c) => !components.includes(c))) return fail('missing-component', keyId);
  if (components.length !== COVERED_COMPONENTS.length) return fail('malformed-signature-input', keyId);
  if (values.get('alg') !== SIGNATURE_ALG) return fail('alg-mismatch', keyId);
  if (values.get('tag') !== (input.requiredTag ?? INTAKE_SIGNATURE_TAG)) return fail('tag-mismatch', keyId);
  const nonce = values.get('nonce');
  if (typeof nonce !== 'string' || nonce.length === 0) return fail('missing-nonce', keyId);
  if (nonce.length > MAX_NONCE_LENGTH) return fail('malformed-signature-input', keyId);

  if (keyId === undefined) return fail('unknown-keyid');
  let key: KeyObject | undefined;
  try {
    key = input.resolveKey(keyId);
  } catch {
    key = undefined;
  }
  if (key === undefined) return fail('unknown-keyid', keyId);
  if (key.asymmetricKeyType !== 'ed25519') return fail('alg-mismatch', keyId);

  const now = Math.floor((input.now ?? new Date()).getTime() / 1000);
  if (created > now + (input.maxFutureSkewSeconds ?? 30)) return fail('created-in-future', keyId);
  if (now - created > (input.maxAgeSeconds ?? 300)) return fail('too-old', keyId);
  if (expires <= now) return fail('expired', keyId);

  const digestHeader = fieldValue(input.headers['content-digest']);
  const contentType = fieldValue(input.headers['content-type']);
  if (digestHeader === undefined || contentType === undefined) return fail('missing-component', keyId);
  const valueOf: Record<(typeof COVERED_COMPONENTS)[number], string> = {
    '@method': input.method,
    '@target-uri': targetUri(input.url),
    'content-digest': digestHeader,
    'content-type': contentType,
  };
  const lines: ComponentValue[] = components.map((name) => ({ name, value: valueOf[name as keyof typeof valueOf] }));
  const base = signatureBase(lines, signatureParamsValue(components, parsed.params));
  if (parsed.signature.length !== ED25519_SIGNATURE_BYTES || !verify(null, Buffer.from(base, 'utf8'), key, parsed.signature)) {
    return fail('bad-signature', keyId);
  }
  if (!verifyContentDigest(digestHeader, input.body)) return fail('digest-mismatch', keyId);
  return { ok: true, keyId, nonce, created, expires };
}
