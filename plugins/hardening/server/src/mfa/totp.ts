import { randomBytes } from 'node:crypto';
import { generate, verify } from '@otplib/totp';
import { generateTOTP } from '@otplib/uri';
import QRCode from 'qrcode';
import { base32, nodeHmac } from './otp-engine';

/** RFC 6238 as every authenticator app expects it: SHA-1, 6 digits, 30-second steps. */
export const PERIOD_SECONDS = 30;
const DIGITS = 6;

/** 20 random bytes (160 bits, RFC 4226's recommendation), base32 for the authenticator app. */
export function newSecret(): string {
  return base32.encode(new Uint8Array(randomBytes(20)));
}

export function otpauthUri(secret: string, issuer: string, account: string): string {
  return generateTOTP({ issuer, label: account, secret, algorithm: 'sha1', digits: DIGITS, period: PERIOD_SECONDS });
}

/** Drawn here: a third-party QR service would see the secret. */
export async function qrDataUrl(uri: string): Promise<string> {
  const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
}

export type TotpCheck = { ok: true; step: number } | { ok: false; reason: 'malformed' | 'invalid' | 'replayed' };

/**
 * Accepts the current step and one on either side (clock drift), and each step
 * only once per account: a code from a step at or before `lastStep` is a replay,
 * even if it is still inside its 30 seconds.
 */
export async function checkTotp(secret: string, code: string, now: Date, lastStep: number): Promise<TotpCheck> {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return { ok: false, reason: 'malformed' };
  const result = await verify({
    secret,
    token,
    epoch: Math.floor(now.getTime() / 1000),
    epochTolerance: PERIOD_SECONDS,
    period: PERIOD_SECONDS,
    digits: DIGITS,
    algorithm: 'sha1',
    crypto: nodeHmac,
    base32,
  });
  if (!result.valid) return { ok: false, reason: 'invalid' };
  const step = result.timeStep;
  if (step <= lastStep) return { ok: false, reason: 'replayed' };
  return { ok: true, step };
}

/** The code an authenticator shows at `when` (tests and the documentation use it). */
export function codeAt(secret: string, when: Date): Promise<string> {
  return generate({ secret, epoch: Math.floor(when.getTime() / 1000), period: PERIOD_SECONDS, digits: DIGITS, algorithm: 'sha1', crypto: nodeHmac, base32 });
}
