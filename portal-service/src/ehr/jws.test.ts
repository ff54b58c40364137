import { generateKeyPairSync } from 'node:crypto';
import { checkClaims, claimedClientId } from './assertion';
import { clientAssertion, clientKey, signJwt } from './ehr.fixtures';
import { JwkError, normalizeJwks } from './jwks';
import { decodeJws, verifyJws } from './jws';

const now = new Date('2031-03-01T09:00:00Z');
const tokenUrl = 'https://patient.example.org/oauth/token';
const clientId = '5d1f5a0e-8c3a-4a55-9a0e-2b1b1a6f0c11';

function verifyWith(token: string, keys = [es.publicJwk, rs.publicJwk]) {
  const decoded = decodeJws(token);
  if (!decoded.ok) return decoded;
  return verifyJws(decoded.jws, normalizeJwks({ keys }).keys);
}

const es = clientKey('ES384', 'es');
const rs = clientKey('RS384', 'rs');

describe('client assertion signatures', () => {
  it('verifies ES384 and RS384 against the registered keys, choosing by kid', () => {
    expect(verifyWith(clientAssertion(es, { clientId, tokenUrl, now }))).toEqual({ ok: true, kid: 'es' });
    expect(verifyWith(clientAssertion(rs, { clientId, tokenUrl, now }))).toEqual({ ok: true, kid: 'rs' });
  });

  it('refuses a key the client did not register, a tampered payload and a signature from another key under its kid', () => {
    const stranger = clientKey('ES384', 'es');
    expect(verifyWith(clientAssertion(stranger, { clientId, tokenUrl, now }))).toEqual({ ok: false, reason: 'bad-signature' });
    const [h, , s] = clientAssertion(es, { clientId, tokenUrl, now }).split('.');
    const forged = Buffer.from(JSON.stringify({ iss: 'someone-else' })).toString('base64url');
    expect(verifyWith(`${h}.${forged}.${s}`)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifyWith(signJwt(es, { iss: clientId }, { kid: 'nope' }))).toEqual({ ok: false, reason: 'no-matching-key' });
  });

  it('refuses alg none, HMAC, algorithm confusion, crit and embedded keys', () => {
    const claims = Buffer.from(JSON.stringify({ iss: clientId })).toString('base64url');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${claims}.`;
    expect(verifyWith(none)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyWith(signJwt(es, {}, { alg: 'HS256' }))).toEqual({ ok: false, reason: 'unsupported-alg' });
    expect(verifyWith(signJwt(es, {}, { crit: ['exp'] }))).toEqual({ ok: false, reason: 'unsupported-alg' });
    // An ES384 signature labelled RS384 finds no RSA key with that kid.
    expect(verifyWith(signJwt(es, {}, { alg: 'RS384' }))).toEqual({ ok: false, reason: 'no-matching-key' });
    // A key carried in the header is ignored: only registered keys count.
    const attacker = clientKey('ES384', 'es');
    expect(verifyWith(signJwt(attacker, {}, { jwk: attacker.publicJwk, jku: 'https://evil.example/jwks' }))).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('refuses garbage without throwing', () => {
    for (const junk of ['', 'a.b', 'a.b.c.d', '!!!.???.***', 'x'.repeat(9000)]) expect(verifyWith(junk).ok).toBe(false);
  });
});

describe('client assertion claims', () => {
  const payload = (extra: Record<string, unknown> = {}) => {
    const decoded = decodeJws(clientAssertion(es, { clientId, tokenUrl, now, extra }));
    if (!decoded.ok) throw new Error('fixture');
    return decoded.jws.payload;
  };
  const check = (p: Record<string, unknown>, at = now) => checkClaims(p, { clientId, tokenUrl, now: at });

  it('accepts iss = sub = client id, our audience, a short expiry and a jti', () => {
    const result = check(payload());
    expect(result.ok).toBe(true);
    expect(claimedClientId(payload())).toBe(clientId);
    expect(check(payload({ aud: ['https://other.example', tokenUrl] })).ok).toBe(true);
  });

  it.each([
    ['another issuer', { iss: 'x' }, 'wrong-issuer'],
    ['sub differing from iss', { sub: 'x' }, 'wrong-issuer'],
    ['another audience', { aud: 'https://patient.example.org/oauth/token/' }, 'wrong-audience'],
    ['an expired assertion', { exp: now.getTime() / 1000 - 60 }, 'expired'],
    ['no exp', { exp: undefined }, 'expired'],
    ['an exp more than five minutes ahead', { exp: now.getTime() / 1000 + 400 }, 'lifetime-too-long'],
    ['a future nbf', { nbf: now.getTime() / 1000 + 120 }, 'not-yet-valid'],
    ['no jti', { jti: undefined }, 'missing-jti'],
  ])('refuses %s', (_what, extra, reason) => {
    expect(check(payload(extra))).toEqual({ ok: false, reason });
  });
});

describe('registered JWKs', () => {
  it('keeps public members only and refuses private keys, weak RSA, other curves and algorithms', () => {
    expect(normalizeJwks(es.publicJwk).keys[0]).toEqual({ kty: 'EC', crv: 'P-384', x: es.publicJwk.x, y: es.publicJwk.y, kid: 'es', alg: 'ES384', use: 'sig' });
    const priv = es.privateKey.export({ format: 'jwk' });
    expect(() => normalizeJwks({ ...priv, kid: 'p' })).toThrow(/private key material/);
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'jwk' });
    expect(() => normalizeJwks(weak)).toThrow(/shorter than 2048/);
    const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' });
    expect(() => normalizeJwks(p256)).toThrow(JwkError);
    expect(() => normalizeJwks({ ...es.publicJwk, alg: 'ES256' })).toThrow(JwkError);
    expect(() => normalizeJwks({ keys: [{ ...es.publicJwk, kid: undefined }, rs.publicJwk] })).toThrow(/every key needs a kid/);
    expect(() => normalizeJwks({ keys: [] })).toThrow(JwkError);
  });
});
