import { generateRecoveryCodes, hashRecoveryCode, normalizeRecoveryCode } from './recovery-codes';

describe('recovery codes', () => {
  it('makes 10 distinct codes in XXXX-XXXX-XXXX-XXXX form', () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
  });

  it('hashes what people type to the same value', () => {
    const [code] = generateRecoveryCodes(1) as [string];
    const sloppy = code.toLowerCase().replace(/-/g, ' ');
    expect(hashRecoveryCode(sloppy)).toBe(hashRecoveryCode(code));
    expect(hashRecoveryCode(code)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads O as 0 and I or L as 1', () => {
    expect(normalizeRecoveryCode('OOOO-IIII-LLLL-2222')).toBe('0000111111112222');
  });

  it('refuses wrong lengths and foreign symbols', () => {
    expect(hashRecoveryCode('ABCD-EFGH')).toBeUndefined();
    expect(hashRecoveryCode('ABCD-EFGH-JKMN-PQRU')).toBeUndefined();
  });
});
