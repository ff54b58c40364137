import { randomBytes } from 'node:crypto';
import { generate, verify } from '@otplib/totp';
import { generateTOTP } from '@otplib/uri';
import QRCode from 'qrcode';
import { nodeCrypto, rfc4648Base32 } from './otp-plugins';

/** RFC 6238 as authenticator apps expect it: SHA-1, 6 digits, 30 s. */
export const TOTP_PERIOD_SECONDS = 30;
const ISSUER = 'Palisade';

/** 20 random bytes (160 bits, RFC 4226's recommendation), base32 for the authenticator app. */
export function newTotpSecret(): string {
  return rfc4648Base32.encode(new Uint8Array(randomBytes(20)));
}

export function totpUri(secret: string, accountEmail: string): string {
  return generateTOTP({ issuer: ISSUER, label: accountEmail, secret, algorithm: 'sha1', digits: 6, period: TOTP_PERIOD_SECONDS });
}

/** The QR code is drawn here, never by a third-party service that would see the secret. */
export async function totpQrSvg(uri: string): Promise<string> {
  return QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

export function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
}

export function timeStep(now: Date): number {
  return Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS);
}

export type TotpCheck = { ok: true; step: number } | { ok: false; reason: 'malformed' | 'invalid' | 'replayed' };

/**
 * Accepts the current step and one either side (clock drift), and each code
 * only once: a step at or before `lastUsedStep` is a replay.
 */
export async function verifyTotp(opts: { secret: string; code: string; now: Date; lastUsedStep: number }): Promise<TotpCheck> {
  const code = opts.code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(code)) return { ok: false, reason: 'malformed' };
  const result = await verify({
    secret: opts.secret,
    token: code,
    epoch: Math.floor(opts.now.getTime() / 1000),
    epochTolerance: TOTP_PERIOD_SECONDS,
    period: TOTP_PERIOD_SECONDS,
    digits: 6,
    algorithm: 'sha1',
    crypto: nodeCrypto,
    base32: rfc4648Base32,
  });
  if (!result.valid) return { ok: false, reason: 'invalid' };
  const step = result.timeStep;
  if (step <= opts.lastUsedStep) return { ok: false, reason: 'replayed' };
  return { ok: true, step };
}

/** The code an authenticator shows at `when`; used by tests and the dev CLI. */
export async function totpCodeAt(secret: string, when: Date): Promise<string> {
  return generate({
    secret,
    epoch: Math.floor(when.getTime() / 1000),
    period: TOTP_PERIOD_SECONDS,
    digits: 6,
    algorithm: 'sha1',
    crypto: nodeCrypto,
    base32: rfc4648Base32,
  });
}
