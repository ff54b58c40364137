/**
 * The Palisade intake signature profile of RFC 9421 (HTTP Message Signatures):
 * label `sig1`, Ed25519, covered components exactly
 * `"@method" "@target-uri" "content-digest" "content-type"`, parameters
 * created, expires, nonce, keyid, alg="ed25519", tag="palisade-intake".
 * The CMS signs with signRequest; the portal checks with verifyRequest
 * (verify-request.ts).
 */
import { randomBytes, sign, type KeyObject } from 'node:crypto';
import { contentDigest } from './digest';
import { KID_PATTERN } from './envelope-shape';
import { toEd25519PrivateKey } from './keys';
import { signatureBase, signatureParamsValue, targetUri, type SignatureParamList } from './signature-base';
import { serializeBytes } from './structured-fields';

export const SIGNATURE_LABEL = 'sig1';
export const SIGNATURE_ALG = 'ed25519';
export const INTAKE_SIGNATURE_TAG = 'palisade-intake';
export const COVERED_COMPONENTS = ['@method', '@target-uri', 'content-digest', 'content-type'] as const;
export const DEFAULT_SIGNATURE_TTL_SECONDS = 60;

export interface SignRequestInput {
  method: string;
  /** Absolute URL the request is sent to, e.g. http://127.0.0.1:4001/internal/intake. */
  url: string;
  contentType: string;
  /** The exact bytes that will be sent (a string is sent as UTF-8). */
  body: Uint8Array | string;
  keyId: string;
  privateKey: KeyObject | string;
  now?: Date;
  /** Defaults to 16 random bytes, base64url. */
  nonce?: string;
  ttlSeconds?: number;
  tag?: string;
}

/** Header names are lowercase; send all four exactly as given (a type alias so it fits Record<string, string>). */
export type SignedRequestHeaders = {
  'content-digest': string;
  'content-type': string;
  'signature-input': string;
  signature: string;
};

export function newNonce(): string {
  return randomBytes(16).toString('base64url');
}

export function signRequest(input: SignRequestInput): SignedRequestHeaders {
  if (!KID_PATTERN.test(input.keyId)) throw new Error('keyId must be 1-64 letters, digits, dot, dash or underscore');
  const ttl = input.ttlSeconds ?? DEFAULT_SIGNATURE_TTL_SECONDS;
  if (!Number.isSafeInteger(ttl) || ttl <= 0) throw new Error('ttlSeconds must be a positive integer');
  const key = toEd25519PrivateKey(input.privateKey);
  const created = Math.floor((input.now ?? new Date()).getTime() / 1000);
  const digest = contentDigest(input.body);
  const params: SignatureParamList = [
    ['created', created],
    ['expires', created + ttl],
    ['nonce', input.nonce ?? newNonce()],
    ['keyid', input.keyId],
    ['alg', SIGNATURE_ALG],
    ['tag', input.tag ?? INTAKE_SIGNATURE_TAG],
  ];
  const paramsValue = signatureParamsValue(COVERED_COMPONENTS, params);
  const base = signatureBase(
    [
      { name: '@method', value: input.method },
      { name: '@target-uri', value: targetUri(input.url) },
      { name: 'content-digest', value: digest },
      { name: 'content-type', value: input.contentType.trim() },
    ],
    paramsValue,
  );
  const signature = sign(null, Buffer.from(base, 'utf8'), key);
  return {
    'content-digest': digest,
    'content-type': input.contentType,
    'signature-input': `${SIGNATURE_LABEL}=${paramsValue}`,
    signature: `${SIGNATURE_LABEL}=${serializeBytes(signature)}`,
  };
}
