import { contentDigest } from './digest';
import { BODY, NOW_S, privateKey, publicKey, signed } from './signing.fixtures';

describe('signRequest', () => {
  it('produces the four headers of the profile', () => {
    const h = signed();
    expect(h['content-digest']).toBe(contentDigest(BODY));
    expect(h['content-type']).toBe('application/json');
    expect(h['signature-input']).toBe(
      `sig1=("@method" "@target-uri" "content-digest" "content-type");created=${NOW_S};expires=${NOW_S + 60};nonce="n-0123456789abcdef";keyid="cms-1";alg="ed25519";tag="palisade-intake"`,
    );
    expect(h.signature).toMatch(/^sig1=:[A-Za-z0-9+/]{86}==:$/);
  });

  it('uses a fresh random nonce by default', () => {
    const a = signed({ nonce: undefined })['signature-input'];
    const b = signed({ nonce: undefined })['signature-input'];
    expect(a).not.toBe(b);
  });

  it('accepts a PEM private key and refuses a non-Ed25519 key or bad keyid', () => {
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(signed({ privateKey: pem }).signature).toBe(signed().signature);
    expect(() => signed({ privateKey: publicKey })).toThrow('Ed25519 private key');
    expect(() => signed({ keyId: 'bad id' })).toThrow('keyId');
  });
});

