import { constants, verify } from 'node:crypto';
import { tryDecodeBase64url } from '@palisade/protocol';
import { publicKeyOf, SIGNING_ALGS, type PublicJwk, type SigningAlg } from './jwks';

/**
 * Compact JWS verification for client assertions, on node:crypto alone.
 * The header chooses among the client's registered keys only: `jku`, `x5u`
 * and an embedded `jwk` are never followed, `none` and HMAC are refused, and
 * so is any `crit` extension.
 */

export interface DecodedJws {
  header: { alg: SigningAlg; kid?: string; typ?: string };
  payload: Record<string, unknown>;
  signingInput: Buffer;
  signature: Buffer;
}

export type JwsFailure = 'malformed' | 'unsupported-alg' | 'no-matching-key' | 'bad-signature';

const MAX_TOKEN = 8192;

function json(part: string): Record<string, unknown> | undefined {
  const bytes = tryDecodeBase64url(part);
  if (!bytes) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(bytes).toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function decodeJws(token: string): { ok: true; jws: DecodedJws } | { ok: false; reason: JwsFailure } {
  if (typeof token !== 'string' || token.length > MAX_TOKEN) return { ok: false, reason: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'malformed' };
  const [h = '', p = '', s = ''] = parts;
  const header = json(h);
  const payload = json(p);
  const signature = tryDecodeBase64url(s);
  if (!header || !payload || !signature || signature.length === 0) return { ok: false, reason: 'malformed' };
  if (!(SIGNING_ALGS as readonly unknown[]).includes(header.alg) || header.crit !== undefined) return { ok: false, reason: 'unsupported-alg' };
  if (header.kid !== undefined && typeof header.kid !== 'string') return { ok: false, reason: 'malformed' };
  if (header.typ !== undefined && (typeof header.typ !== 'string' || header.typ.toUpperCase() !== 'JWT')) return { ok: false, reason: 'malformed' };
  return {
    ok: true,
    jws: {
      header: { alg: header.alg as SigningAlg, ...(typeof header.kid === 'string' ? { kid: header.kid } : {}) },
      payload,
      signingInput: Buffer.from(`${h}.${p}`, 'ascii'),
      signature: Buffer.from(signature),
    },
  };
}

function candidates(keys: readonly PublicJwk[], alg: SigningAlg, kid: string | undefined): PublicJwk[] {
  const kty = alg === 'RS384' ? 'RSA' : 'EC';
  return keys.filter((k) => k.kty === kty && (k.alg === undefined || k.alg === alg) && (kid === undefined || k.kid === kid));
}

export function verifyJws(jws: DecodedJws, keys: readonly PublicJwk[]): { ok: true; kid?: string } | { ok: false; reason: JwsFailure } {
  const usable = candidates(keys, jws.header.alg, jws.header.kid);
  if (usable.length === 0) return { ok: false, reason: 'no-matching-key' };
  for (const jwk of usable) {
    const key = publicKeyOf(jwk);
    const ok =
      jws.header.alg === 'ES384'
        ? jws.signature.length === 96 && verify('sha384', jws.signingInput, { key, dsaEncoding: 'ieee-p1363' }, jws.signature)
        : verify('sha384', jws.signingInput, { key, padding: constants.RSA_PKCS1_PADDING }, jws.signature);
    if (ok) return { ok: true, ...(jwk.kid ? { kid: jwk.kid } : {}) };
  }
  return { ok: false, reason: 'bad-signature' };
}
