import type { Core } from '@strapi/strapi';
import request from 'supertest';
import { codeAt } from '../../server/src/mfa/totp';
import { createAdmin, passwordToken, type TestAdmin } from './admin';

export interface VerifiedAdmin extends TestAdmin {
  token: string;
  secret: string;
  recoveryCodes: string[];
}

export const clockOf = (strapi: Core.Strapi) => strapi.plugin('hardening').service('clock') as { now(): Date; set(fn?: () => Date): void };

/** The code the admin's authenticator shows now (by the plugin's clock), `stepsAhead` steps later. */
export function currentCode(strapi: Core.Strapi, secret: string, stepsAhead = 0): Promise<string> {
  return codeAt(secret, new Date(clockOf(strapi).now().getTime() + stepsAhead * 30_000));
}

/**
 * Lets a test sign in as often as it needs: Strapi's own per-email login
 * throttle and the plugin's per-IP limit are raised, nothing else changes.
 */
export function relaxSignInLimits(strapi: Core.Strapi): void {
  strapi.config.set('admin.rateLimit', { enabled: false });
  strapi.config.set('plugin::hardening.rateLimit.adminLoginPerMinute', 100_000);
}

export function bearer(token: string) {
  return { Authorization: `Bearer ${token}` };
}

/** Enrolls the second factor on a password-only session; returns the secret and the recovery codes. */
export async function enroll(strapi: Core.Strapi, token: string): Promise<{ secret: string; recoveryCodes: string[] }> {
  const http = () => request(strapi.server.httpServer);
  const started = await http().post('/admin/mfa/enroll').set(bearer(token)).expect(200);
  const secret = started.body.data.secret as string;
  const confirmed = await http().post('/admin/mfa/enroll/confirm').set(bearer(token)).send({ code: await currentCode(strapi, secret) });
  if (confirmed.status !== 200) throw new Error(`enrollment failed: ${confirmed.status} ${JSON.stringify(confirmed.body)}`);
  return { secret, recoveryCodes: confirmed.body.data.recoveryCodes as string[] };
}

/** A new admin account that has enrolled and passed its second factor: the token works on the whole admin API. */
export async function verifiedAdmin(strapi: Core.Strapi, opts: { roleCode?: string } = {}): Promise<VerifiedAdmin> {
  relaxSignInLimits(strapi);
  const admin = await createAdmin(strapi, opts);
  const token = await passwordToken(strapi, admin);
  const { secret, recoveryCodes } = await enroll(strapi, token);
  return { ...admin, token, secret, recoveryCodes };
}

/** Freezes the plugin's clock `ms` after its current time (tests move time forward explicitly). */
export function advanceClock(strapi: Core.Strapi, ms: number): Date {
  const at = new Date(clockOf(strapi).now().getTime() + ms);
  clockOf(strapi).set(() => at);
  return at;
}

/** Signs in again: the password, then the code of the next time step (so it is never a replay). */
export async function signInWithFactor(strapi: Core.Strapi, admin: VerifiedAdmin): Promise<string> {
  const token = await passwordToken(strapi, admin);
  advanceClock(strapi, 30_000);
  const res = await request(strapi.server.httpServer).post('/admin/mfa/verify').set(bearer(token)).send({ code: await currentCode(strapi, admin.secret) });
  if (res.status !== 200) throw new Error(`second factor failed: ${res.status} ${JSON.stringify(res.body)}`);
  return token;
}
