/**
 * Claims of a SMART Backend Services client assertion (RFC 7523 profile):
 * iss = sub = client_id, aud = this token endpoint, a short exp, a jti used once.
 */

export const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** SMART: the assertion expires no more than five minutes after it is made. */
export const MAX_ASSERTION_SECONDS = 300;
/** Tolerated clock difference between the client and the portal. */
export const CLOCK_SKEW_SECONDS = 30;

export type ClaimFailure = 'wrong-issuer' | 'wrong-audience' | 'expired' | 'lifetime-too-long' | 'not-yet-valid' | 'missing-jti';

export interface CheckedClaims {
  jti: string;
  expiresAt: Date;
}

function seconds(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** The client id the assertion claims, before any signature is checked: only used to find its keys. */
export function claimedClientId(payload: Record<string, unknown>): string | undefined {
  return typeof payload.iss === 'string' && payload.iss === payload.sub ? payload.iss : undefined;
}

export function checkClaims(
  payload: Record<string, unknown>,
  expected: { clientId: string; tokenUrl: string; now: Date },
): { ok: true; claims: CheckedClaims } | { ok: false; reason: ClaimFailure } {
  if (payload.iss !== expected.clientId || payload.sub !== expected.clientId) return { ok: false, reason: 'wrong-issuer' };
  const aud = payload.aud;
  const audiences = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud : [];
  if (!audiences.includes(expected.tokenUrl)) return { ok: false, reason: 'wrong-audience' };
  const now = expected.now.getTime() / 1000;
  const exp = seconds(payload.exp);
  if (exp === undefined || exp <= now - CLOCK_SKEW_SECONDS) return { ok: false, reason: 'expired' };
  if (exp > now + MAX_ASSERTION_SECONDS + CLOCK_SKEW_SECONDS) return { ok: false, reason: 'lifetime-too-long' };
  const nbf = seconds(payload.nbf);
  const iat = seconds(payload.iat);
  if (payload.nbf !== undefined && (nbf === undefined || nbf > now + CLOCK_SKEW_SECONDS)) return { ok: false, reason: 'not-yet-valid' };
  if (payload.iat !== undefined && (iat === undefined || iat > now + CLOCK_SKEW_SECONDS)) return { ok: false, reason: 'not-yet-valid' };
  if (typeof payload.jti !== 'string' || payload.jti.length === 0 || payload.jti.length > 256) return { ok: false, reason: 'missing-jti' };
  return { ok: true, claims: { jti: payload.jti, expiresAt: new Date(exp * 1000) } };
}
