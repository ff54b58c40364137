import { newTotpSecret, svgDataUrl, timeStep, totpCodeAt, totpQrSvg, totpUri, verifyTotp } from './totp';

const T0 = new Date('2030-01-01T00:00:15Z');
const at = (steps: number) => new Date(T0.getTime() + steps * 30_000);
const codeAt = totpCodeAt;

describe('TOTP', () => {
  const secret = newTotpSecret();

  it('builds an otpauth URI with SHA-1, 6 digits, 30 s and a locally drawn QR', async () => {
    const uri = totpUri(secret, 'dr.jones@clinic.test');
    const parsed = new URL(uri);
    expect(parsed.protocol).toBe('otpauth:');
    expect(parsed.searchParams.get('secret')).toBe(secret);
    expect(parsed.searchParams.get('issuer')).toBe('Palisade');
    expect(parsed.searchParams.get('period') ?? '30').toBe('30');
    expect(parsed.searchParams.get('digits') ?? '6').toBe('6');
    expect((parsed.searchParams.get('algorithm') ?? 'SHA1').toUpperCase()).toBe('SHA1');
    const svg = await totpQrSvg(uri);
    expect(svg).toMatch(/^<svg/);
    expect(svgDataUrl(svg)).toMatch(/^data:image\/svg\+xml;base64,/);
  });

  it('accepts the current code and one step either side', async () => {
    for (const drift of [-1, 0, 1]) {
      const code = await codeAt(secret, at(drift));
      const result = await verifyTotp({ secret, code, now: at(0), lastUsedStep: 0 });
      expect(result).toEqual({ ok: true, step: timeStep(at(drift)) });
    }
  });

  it('refuses a code two steps old or two steps ahead', async () => {
    expect(await verifyTotp({ secret, code: await codeAt(secret, at(-2)), now: at(0), lastUsedStep: 0 })).toEqual({ ok: false, reason: 'invalid' });
    expect(await verifyTotp({ secret, code: await codeAt(secret, at(2)), now: at(0), lastUsedStep: 0 })).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses a replay of a used step, and an older step after a newer one was used', async () => {
    const code = await codeAt(secret, at(0));
    const first = await verifyTotp({ secret, code, now: at(0), lastUsedStep: 0 });
    expect(first.ok).toBe(true);
    const used = first.ok ? first.step : 0;
    expect(await verifyTotp({ secret, code, now: at(0), lastUsedStep: used })).toEqual({ ok: false, reason: 'replayed' });
    const previous = await codeAt(secret, at(-1));
    expect(await verifyTotp({ secret, code: previous, now: at(0), lastUsedStep: used })).toEqual({ ok: false, reason: 'replayed' });
  });

  it('rejects malformed input without calling the verifier', async () => {
    for (const code of ['', '12345', '1234567', 'abcdef']) {
      expect(await verifyTotp({ secret, code, now: at(0), lastUsedStep: 0 })).toEqual({ ok: false, reason: 'malformed' });
    }
  });
});

describe('TOTP interoperability', () => {
  it('matches the RFC 6238 SHA-1 test vector (secret "12345678901234567890", T=59 s -> 94287082, last 6 digits)', async () => {
    const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'; // base32 of the ASCII test key
    expect(await totpCodeAt(secret, new Date(59_000))).toBe('287082');
    expect(await totpCodeAt(secret, new Date(1_111_111_109_000))).toBe('081804');
  });
});
