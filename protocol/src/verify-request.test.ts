import { contentDigest } from './digest';
import { generateEd25519KeyPair } from './keys';
import { COVERED_COMPONENTS } from './signing';
import { BODY, check, crafted, NOW, NOW_S, profileParams, signed } from './signing.fixtures';

describe('verifyRequest', () => {
  it('accepts a request signed by signRequest and returns keyid, nonce and times', () => {
    expect(check(signed())).toEqual({ ok: true, keyId: 'cms-1', nonce: 'n-0123456789abcdef', created: NOW_S, expires: NOW_S + 60 });
  });

  it('accepts Node-style array header values and a normalized but equivalent URL', () => {
    const h = signed();
    expect(check({ ...h }, { url: 'HTTP://127.0.0.1:4001/internal/intake', headers: { ...h, 'content-type': ['application/json'] } }).ok).toBe(true);
  });

  it('accepts a crafted request that follows the profile with components in another order', () => {
    expect(check(crafted(['content-type', '@target-uri', 'content-digest', '@method'], profileParams())).ok).toBe(true);
  });

  it('missing-signature: no Signature-Input, no Signature, or no sig1 label', () => {
    const h = signed();
    expect(check({ ...h, 'signature-input': undefined })).toEqual({ ok: false, reason: 'missing-signature' });
    expect(check({ ...h, signature: undefined }).ok).toBe(false);
    expect(check({ ...h, signature: undefined })).toMatchObject({ reason: 'missing-signature' });
    expect(check({ ...h, signature: h.signature.replace('sig1=', 'sig2=') })).toMatchObject({ reason: 'missing-signature' });
  });

  it.each([
    ['garbage', 'sig1=not a list'],
    ['a decimal parameter', 'sig1=("@method");created=1.5'],
    ['an unknown parameter', `sig1=("@method" "@target-uri" "content-digest" "content-type");created=${NOW_S};expires=${NOW_S + 60};nonce="n";keyid="cms-1";alg="ed25519";tag="palisade-intake";extra=1`],
    ['alg as a token', `sig1=("@method" "@target-uri" "content-digest" "content-type");created=${NOW_S};expires=${NOW_S + 60};nonce="n";keyid="cms-1";alg=ed25519;tag="palisade-intake"`],
    ['no created', `sig1=("@method" "@target-uri" "content-digest" "content-type");expires=${NOW_S + 60};nonce="n";keyid="cms-1";alg="ed25519";tag="palisade-intake"`],
    ['a duplicated label', `sig1=("@method"), sig1=("@method")`],
    ['a component with parameters', `sig1=("@method";req "@target-uri" "content-digest" "content-type");created=${NOW_S};expires=${NOW_S + 60};nonce="n";keyid="cms-1";alg="ed25519";tag="palisade-intake"`],
  ])('malformed-signature-input: %s', (_label, signatureInput) => {
    expect(check({ ...signed(), 'signature-input': signatureInput })).toMatchObject({ ok: false, reason: 'malformed-signature-input' });
  });

  it('malformed-signature-input: an extra covered component', () => {
    const h = crafted([...COVERED_COMPONENTS, '@path'], profileParams());
    expect(check(h)).toMatchObject({ ok: false, reason: 'malformed-signature-input' });
  });

  it('unknown-keyid: a keyid the portal does not trust, reported for the audit trail', () => {
    expect(check(signed({ keyId: 'cms-2' }))).toEqual({ ok: false, reason: 'unknown-keyid', keyId: 'cms-2' });
    expect(check(signed(), { resolveKey: () => { throw new Error('boom'); } })).toMatchObject({ reason: 'unknown-keyid' });
  });

  it('alg-mismatch: another alg parameter, or none', () => {
    expect(check(crafted(COVERED_COMPONENTS, profileParams({ alg: 'rsa-pss-sha512' })))).toMatchObject({ ok: false, reason: 'alg-mismatch' });
    expect(check(crafted(COVERED_COMPONENTS, profileParams({ alg: undefined })))).toMatchObject({ reason: 'alg-mismatch' });
  });

  it('tag-mismatch: a signature made for another purpose', () => {
    expect(check(signed({ tag: 'palisade-other' }))).toMatchObject({ ok: false, reason: 'tag-mismatch' });
    expect(check(signed({ tag: 'custom' }), { requiredTag: 'custom' }).ok).toBe(true);
  });

  it('missing-component: content-digest (or another required component) not covered', () => {
    const noDigest = crafted(['@method', '@target-uri', 'content-type', '@path'], profileParams());
    expect(check(noDigest)).toMatchObject({ ok: false, reason: 'missing-component' });
    const noMethod = crafted(['@target-uri', 'content-digest', 'content-type'], profileParams());
    expect(check(noMethod)).toMatchObject({ reason: 'missing-component' });
  });

  it('missing-component: a covered header absent from the request', () => {
    expect(check({ ...signed(), 'content-type': undefined })).toMatchObject({ ok: false, reason: 'missing-component' });
  });

  it('created-in-future: beyond the allowed skew, but not within it', () => {
    expect(check(signed({ now: new Date(NOW.getTime() + 31_000) }))).toMatchObject({ ok: false, reason: 'created-in-future' });
    expect(check(signed({ now: new Date(NOW.getTime() + 30_000) })).ok).toBe(true);
  });

  it('too-old: created more than maxAgeSeconds ago even if expires is far away', () => {
    const old = signed({ now: new Date(NOW.getTime() - 301_000), ttlSeconds: 3600 });
    expect(check(old)).toMatchObject({ ok: false, reason: 'too-old' });
    expect(check(signed({ now: new Date(NOW.getTime() - 300_000), ttlSeconds: 3600 })).ok).toBe(true);
  });

  it('expired: expires has passed', () => {
    expect(check(signed({ now: new Date(NOW.getTime() - 61_000) }))).toMatchObject({ ok: false, reason: 'expired' });
    expect(check(signed({ now: new Date(NOW.getTime() - 60_000) }))).toMatchObject({ reason: 'expired' });
  });

  it('missing-nonce', () => {
    expect(check(crafted(COVERED_COMPONENTS, profileParams({ nonce: undefined })))).toMatchObject({ ok: false, reason: 'missing-nonce' });
    expect(check(crafted(COVERED_COMPONENTS, profileParams({ nonce: '' })))).toMatchObject({ reason: 'missing-nonce' });
  });

  it('bad-signature: another URL, another method, another key, a changed parameter or content type', () => {
    const h = signed();
    expect(check(h, { url: 'http://127.0.0.1:4001/internal/intake?x=1' })).toMatchObject({ ok: false, reason: 'bad-signature' });
    expect(check(h, { method: 'PUT' })).toMatchObject({ reason: 'bad-signature' });
    expect(check(h, { resolveKey: () => generateEd25519KeyPair().publicKey })).toMatchObject({ reason: 'bad-signature' });
    expect(check({ ...h, 'signature-input': h['signature-input'].replace('n-0123456789abcdef', 'n-other') })).toMatchObject({ reason: 'bad-signature' });
    expect(check({ ...h, 'content-type': 'text/plain' })).toMatchObject({ reason: 'bad-signature' });
    expect(check({ ...h, signature: 'sig1=:AAAA:' })).toMatchObject({ reason: 'bad-signature' });
  });

  it('bad-signature: a replaced Content-Digest (body and digest swapped together)', () => {
    const h = signed();
    const other = Buffer.from('{"v":1,"evil":true}');
    expect(check({ ...h, 'content-digest': contentDigest(other) }, { body: other })).toMatchObject({ reason: 'bad-signature' });
  });

  it('digest-mismatch: a tampered body under a valid signature', () => {
    const tampered = Buffer.from(BODY);
    tampered[tampered.length - 2] = 0x21;
    expect(check(signed(), { body: tampered })).toEqual({ ok: false, reason: 'digest-mismatch', keyId: 'cms-1' });
  });

  it('never throws on hostile input', () => {
    const hostile: Array<Record<string, string | undefined>> = [
      { 'signature-input': 'sig1=("@method"', signature: 'sig1=:::' },
      { 'signature-input': 'x'.repeat(100_000), signature: 'sig1=:AAAA:' },
      { 'signature-input': 'sig1=()', signature: 'sig1=:AAAA:' },
      { 'signature-input': `sig1=("@method" "@target-uri" "content-digest" "content-type");created=-1;expires=-1;nonce="n";keyid="../../etc";alg="ed25519";tag="palisade-intake"`, signature: 'sig1=?1' },
    ];
    for (const headers of hostile) expect(check(headers).ok).toBe(false);
    expect(check(signed(), { url: 'not a url' }).ok).toBe(false);
  });
});
