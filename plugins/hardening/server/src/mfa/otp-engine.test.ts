import { base32 } from './otp-engine';

describe('base32 (RFC 4648 test vectors)', () => {
  it.each([
    ['', ''],
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
  ])('%j ↔ %s', (plain, encoded) => {
    expect(base32.encode(new TextEncoder().encode(plain))).toBe(encoded);
    expect(new TextDecoder().decode(base32.decode(encoded))).toBe(plain);
  });

  it('pads on request and ignores padding on decode', () => {
    expect(base32.encode(new TextEncoder().encode('f'), { padding: true })).toBe('MY======');
    expect(new TextDecoder().decode(base32.decode('my======'))).toBe('f');
  });
});
