import { randomBytes } from 'node:crypto';
import { base64urlByteLength, decodeBase64url, encodeBase64url, tryDecodeBase64url } from './base64url';

describe('base64url', () => {
  it('matches the RFC 4648 test vectors (url alphabet, no padding)', () => {
    const vectors: Array<[string, string]> = [
      ['', ''], ['f', 'Zg'], ['fo', 'Zm8'], ['foo', 'Zm9v'], ['foob', 'Zm9vYg'], ['fooba', 'Zm9vYmE'], ['foobar', 'Zm9vYmFy'],
    ];
    for (const [plain, encoded] of vectors) {
      expect(encodeBase64url(new TextEncoder().encode(plain))).toBe(encoded);
      expect(new TextDecoder().decode(decodeBase64url(encoded))).toBe(plain);
    }
  });

  it('agrees with Buffer on random data of every length remainder', () => {
    for (let len = 0; len < 70; len++) {
      const bytes = randomBytes(len);
      const text = encodeBase64url(bytes);
      expect(text).toBe(bytes.toString('base64url'));
      expect(Buffer.from(decodeBase64url(text)).equals(bytes)).toBe(true);
    }
  });

  it('uses - and _ where standard base64 uses + and /', () => {
    expect(encodeBase64url(Uint8Array.from([0xfb, 0xff]))).toBe('-_8');
  });

  it.each([
    ['padding', 'Zg=='],
    ['standard alphabet +', 'ab+c'],
    ['standard alphabet /', 'ab/c'],
    ['whitespace', 'Zm9v Yg'],
    ['newline', 'Zm9v\nYg'],
    ['impossible length', 'Zm9vY'],
    ['non-canonical trailing bits (1 byte)', 'Zh'],
    ['non-canonical trailing bits (2 bytes)', 'Zm9'],
    ['non-ASCII', 'Zm9é'],
  ])('refuses %s', (_label, text) => {
    expect(() => decodeBase64url(text)).toThrow();
    expect(tryDecodeBase64url(text)).toBeUndefined();
  });

  it('reports decoded lengths and refuses non-strings', () => {
    expect(base64urlByteLength('Zm9vYmFy')).toBe(6);
    expect(base64urlByteLength(42)).toBeUndefined();
    expect(tryDecodeBase64url(null)).toBeUndefined();
  });
});
