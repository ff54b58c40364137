import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import { asset } from '../mfa/assets';
import { lockedError, secondsUntil } from '../mfa/login-guard';
import type { FactorFailure, FactorResult } from '../services/admin-factors';

const MESSAGES: Record<Exclude<FactorFailure, 'locked'>, string> = {
  'not-enrolled': 'This account has no second factor yet: set one up first.',
  'already-enrolled': 'This account already has a second factor. Ask a super admin to reset it if you lost it.',
  'no-pending-enrollment': 'Start the set-up again: no authenticator key is waiting for confirmation.',
  malformed: 'Enter the 6 digits your authenticator app shows.',
  invalid: 'That code is not valid. Check the time on your device and try again.',
  replayed: 'That code was already used. Wait for the next one.',
};

interface Session {
  user: { id: number; email: string };
  sessionId: string | undefined;
}

const session = (ctx: Context): Session => {
  const state = ctx.state as { user: { id: number; email: string }; session?: { id?: string } };
  return { user: state.user, sessionId: state.session?.id };
};

function refuse(ctx: Context, result: Extract<FactorResult, { ok: false }>, now: Date): never {
  // Locked before the attempt, or locked by this very failure.
  if (result.lockedUntil) {
    const retryAfter = secondsUntil(result.lockedUntil, now);
    ctx.set('Retry-After', String(retryAfter));
    throw lockedError(retryAfter);
  }
  throw new errors.ValidationError(MESSAGES[result.reason as Exclude<FactorFailure, 'locked'>] ?? 'Refused.', { code: result.reason.toUpperCase().replace(/-/g, '_') });
}

const text = (v: unknown) => (typeof v === 'string' ? v.slice(0, 64) : '');

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const svc = (name: string) => strapi.plugin('hardening').service(name);
  const now = () => (svc('clock') as { now(): Date }).now();

  return {
    page(ctx: Context) {
      ctx.set('Cache-Control', 'no-store');
      ctx.type = 'html';
      ctx.body = asset('page.html');
    },
    script(ctx: Context) {
      ctx.set('Cache-Control', 'no-cache');
      ctx.type = 'application/javascript';
      ctx.body = asset('mfa.js');
    },
    panelPreload(ctx: Context) {
      ctx.set('Cache-Control', 'no-cache');
      ctx.type = 'application/javascript';
      ctx.body = asset('panel-preload.js');
    },
    style(ctx: Context) {
      ctx.set('Cache-Control', 'no-cache');
      ctx.type = 'text/css';
      ctx.body = asset('mfa.css');
    },

    async status(ctx: Context) {
      const { user, sessionId } = session(ctx);
      const verified = await svc('mfa-sessions').isVerified(sessionId, user.id);
      ctx.body = { data: { email: user.email, verified, ...(await svc('admin-factors').status(user.id)) } };
    },

    async enroll(ctx: Context) {
      const { user } = session(ctx);
      const result = (await svc('admin-factors').startEnrollment(user)) as FactorResult<{ secret: string; otpauthUri: string; qr: string }>;
      if (!result.ok) refuse(ctx, result, now());
      ctx.set('Cache-Control', 'no-store');
      ctx.body = { data: { secret: result.secret, otpauthUri: result.otpauthUri, qr: result.qr } };
    },

    async confirmEnrollment(ctx: Context) {
      const { user, sessionId } = session(ctx);
      const code = text((ctx.request as { body?: { code?: unknown } }).body?.code);
      const result = (await svc('admin-factors').confirmEnrollment(user.id, code, ctx.ip)) as FactorResult<{ recoveryCodes: string[] }>;
      if (!result.ok) refuse(ctx, result, now());
      if (sessionId) await svc('mfa-sessions').markVerified(sessionId, user.id);
      ctx.set('Cache-Control', 'no-store');
      ctx.body = { data: { recoveryCodes: result.recoveryCodes } };
    },

    async verify(ctx: Context) {
      const { user, sessionId } = session(ctx);
      const body = (ctx.request as { body?: { code?: unknown; recoveryCode?: unknown } }).body ?? {};
      const input = body.recoveryCode !== undefined ? { recoveryCode: text(body.recoveryCode) } : { code: text(body.code) };
      const result = (await svc('admin-factors').verify(user.id, input, ctx.ip)) as FactorResult<{ method: string; recoveryCodesLeft: number }>;
      if (!result.ok) refuse(ctx, result, now());
      if (sessionId) await svc('mfa-sessions').markVerified(sessionId, user.id);
      ctx.body = { data: { method: result.method, recoveryCodesLeft: result.recoveryCodesLeft } };
    },
  };
};
