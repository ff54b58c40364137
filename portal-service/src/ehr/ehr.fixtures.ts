/**
 * A client's side of SMART Backend Services for tests: a key pair, its public
 * JWK, and signed client assertions (ES384 or RS384) built with node:crypto.
 */
import { generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import type { PublicJwk } from './jwks';

export interface TestClientKey {
  alg: 'ES384' | 'RS384';
  kid: string;
  privateKey: KeyObject;
  publicJwk: PublicJwk;
}

export function clientKey(alg: 'ES384' | 'RS384' = 'ES384', kid = `k-${randomUUID().slice(0, 8)}`): TestClientKey {
  const pair = alg === 'ES384' ? generateKeyPairSync('ec', { namedCurve: 'P-384' }) : generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = pair.publicKey.export({ format: 'jwk' }) as unknown as PublicJwk;
  return { alg, kid, privateKey: pair.privateKey, publicJwk: { ...jwk, kid, alg, use: 'sig' } };
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

/** Signs any header and claims: tests tamper with them freely. */
export function signJwt(key: TestClientKey, claims: Record<string, unknown>, header: Record<string, unknown> = {}): string {
  const input = `${b64({ alg: key.alg, typ: 'JWT', kid: key.kid, ...header })}.${b64(claims)}`;
  const sig = key.alg === 'ES384' ? sign('sha384', Buffer.from(input), { key: key.privateKey, dsaEncoding: 'ieee-p1363' }) : sign('sha384', Buffer.from(input), key.privateKey);
  return `${input}.${sig.toString('base64url')}`;
}

/** A well-formed assertion for `clientId` at `tokenUrl`, valid for 4 minutes from `now`. */
export function clientAssertion(key: TestClientKey, opts: { clientId: string; tokenUrl: string; now: Date; jti?: string; lifetimeSeconds?: number; extra?: Record<string, unknown> }): string {
  const now = Math.floor(opts.now.getTime() / 1000);
  return signJwt(key, {
    iss: opts.clientId,
    sub: opts.clientId,
    aud: opts.tokenUrl,
    exp: now + (opts.lifetimeSeconds ?? 240),
    iat: now,
    jti: opts.jti ?? randomUUID(),
    ...opts.extra,
  });
}
