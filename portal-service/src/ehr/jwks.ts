import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';

/**
 * The public keys a client registers. SMART Backend Services asks servers to
 * support RS384 and ES384; those are the only algorithms accepted, and only
 * public members are kept, so a pasted private key is refused rather than stored.
 */

export const SIGNING_ALGS = ['RS384', 'ES384'] as const;
export type SigningAlg = (typeof SIGNING_ALGS)[number];

export interface PublicJwk {
  kty: 'RSA' | 'EC';
  kid?: string;
  alg?: SigningAlg;
  use?: 'sig';
  n?: string;
  e?: string;
  crv?: 'P-384';
  x?: string;
  y?: string;
}

export interface PublicJwks {
  keys: PublicJwk[];
}

export class JwkError extends Error {
  override readonly name = 'JwkError';
}

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
const MAX_KEYS = 5;
const MIN_RSA_BITS = 2048;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 && v.length <= 2048 ? v : undefined;
}

function normalizeKey(raw: unknown, index: number): PublicJwk {
  const where = `key ${index + 1}`;
  if (!isRecord(raw)) throw new JwkError(`${where} is not a JWK object.`);
  if (PRIVATE_MEMBERS.some((m) => m in raw)) throw new JwkError(`${where} contains private key material; register the public key only.`);
  const kid = raw.kid === undefined ? undefined : str(raw.kid);
  if (raw.kid !== undefined && (!kid || kid.length > 128)) throw new JwkError(`${where} has an invalid kid.`);
  if (raw.use !== undefined && raw.use !== 'sig') throw new JwkError(`${where} must be a signing key (use "sig").`);
  if (raw.alg !== undefined && !(SIGNING_ALGS as readonly unknown[]).includes(raw.alg)) throw new JwkError(`${where} has alg ${String(raw.alg).slice(0, 20)}; RS384 and ES384 are supported.`);
  let jwk: PublicJwk;
  if (raw.kty === 'RSA') {
    const n = str(raw.n);
    const e = str(raw.e);
    if (!n || !e) throw new JwkError(`${where} is missing n or e.`);
    if (raw.alg !== undefined && raw.alg !== 'RS384') throw new JwkError(`${where}: an RSA key signs with RS384.`);
    jwk = { kty: 'RSA', n, e };
  } else if (raw.kty === 'EC') {
    const x = str(raw.x);
    const y = str(raw.y);
    if (raw.crv !== 'P-384' || !x || !y) throw new JwkError(`${where} must be an EC key on P-384 with x and y.`);
    if (raw.alg !== undefined && raw.alg !== 'ES384') throw new JwkError(`${where}: a P-384 key signs with ES384.`);
    jwk = { kty: 'EC', crv: 'P-384', x, y };
  } else {
    throw new JwkError(`${where} must have kty RSA or EC.`);
  }
  if (kid) jwk.kid = kid;
  if (raw.alg) jwk.alg = raw.alg as SigningAlg;
  if (raw.use) jwk.use = 'sig';
  let key: KeyObject;
  try {
    key = publicKeyOf(jwk);
  } catch {
    throw new JwkError(`${where} is not a valid public key.`);
  }
  if (jwk.kty === 'RSA' && (key.asymmetricKeyDetails?.modulusLength ?? 0) < MIN_RSA_BITS) throw new JwkError(`${where} is shorter than ${MIN_RSA_BITS} bits.`);
  return jwk;
}

/** Accepts a JWK Set or a single JWK; returns the public members only. */
export function normalizeJwks(input: unknown): PublicJwks {
  const list = isRecord(input) && Array.isArray(input.keys) ? input.keys : isRecord(input) && 'kty' in input ? [input] : undefined;
  if (!list) throw new JwkError('Provide a JWK Set ({"keys": [...]}) or a single public JWK.');
  if (list.length === 0 || list.length > MAX_KEYS) throw new JwkError(`Register between 1 and ${MAX_KEYS} keys.`);
  const keys = list.map(normalizeKey);
  const kids = keys.map((k) => k.kid);
  if (keys.length > 1 && kids.some((k) => !k)) throw new JwkError('With several keys, every key needs a kid.');
  if (new Set(kids).size !== kids.length) throw new JwkError('Key ids (kid) must be unique.');
  return { keys };
}

export function publicKeyOf(jwk: PublicJwk): KeyObject {
  const material: JsonWebKey = jwk.kty === 'RSA' ? { kty: 'RSA', n: jwk.n, e: jwk.e } : { kty: 'EC', crv: jwk.crv, x: jwk.x, y: jwk.y };
  return createPublicKey({ key: material, format: 'jwk' });
}
