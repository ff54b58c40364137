import { checkTotp, codeAt, newSecret, otpauthUri, qrDataUrl } from './totp';
import { consumeRecoveryCode, hashRecoveryCode, newRecoveryCodes } from './recovery-codes';

const now = new Date('2026-05-01T10:00:10Z');
const step = Math.floor(now.getTime() / 30_000);

describe('TOTP', () => {
  it('accepts the current code once, and refuses it again (replay)', async () => {
    const secret = newSecret();
    const code = await codeAt(secret, now);
    expect(await checkTotp(secret, code, now, 0)).toEqual({ ok: true, step });
    expect(await checkTotp(secret, code, now, step)).toEqual({ ok: false, reason: 'replayed' });
  });

  it('tolerates one step of clock drift, not two', async () => {
    const secret = newSecret();
    expect((await checkTotp(secret, await codeAt(secret, new Date(now.getTime() - 30_000)), now, 0)).ok).toBe(true);
    expect(await checkTotp(secret, await codeAt(secret, new Date(now.getTime() - 90_000)), now, 0)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses what is not six digits', async () => {
    expect(await checkTotp(newSecret(), '12345a', now, 0)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('builds an otpauth URI and a local QR image', async () => {
    const uri = otpauthUri('JBSWY3DPEHPK3PXP', 'Palisade CMS', 'ada@clinic.example');
    expect(uri).toMatch(/^otpauth:\/\/totp\/Palisade%20CMS:ada%40clinic\.example\?/);
    expect(uri).toContain('secret=JBSWY3DPEHPK3PXP');
    expect(await qrDataUrl(uri)).toMatch(/^data:image\/svg\+xml;base64,/);
  });
});

describe('recovery codes', () => {
  it('are ten distinct 80-bit codes', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/);
  });

  it('each works once, typed loosely', () => {
    const codes = newRecoveryCodes();
    const stored = codes.map(hashRecoveryCode);
    const left = consumeRecoveryCode(stored, ` ${codes[3]!.toLowerCase().replace(/-/g, ' ')} `);
    expect(left).toHaveLength(9);
    expect(consumeRecoveryCode(left!, codes[3]!)).toBeUndefined();
    expect(consumeRecoveryCode(stored, 'AAAA-AAAA-AAAA-AAAA')).toBeUndefined();
  });
});
