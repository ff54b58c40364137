import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context, Next } from 'koa';
import { statusOfError } from '../audit/http';

type Factors = {
  lockedUntil(userId: number): Promise<string | null>;
  recordFailure(userId: number, ip: string | null): Promise<{ lockedUntil: string | null }>;
};

export function secondsUntil(lockedUntil: string, now: Date): number {
  return Math.max(1, Math.ceil((new Date(lockedUntil).getTime() - now.getTime()) / 1000));
}

export function lockedError(retryAfter: number): errors.RateLimitError {
  return new errors.RateLimitError('Too many failed sign-in attempts: this account is locked for now. Try again later.', { code: 'ACCOUNT_LOCKED', retryAfter });
}

/**
 * In front of Strapi's own login handler: a locked account is refused before
 * its password is even checked, a wrong password counts towards the lock, and
 * both outcomes are audited. A right password does not clear the failures: only
 * a complete sign-in (with the second factor) does, or a stolen password could
 * reset the count between guesses at the code.
 */
export function loginGuard(strapi: Core.Strapi) {
  const plugin = () => strapi.plugin('hardening');
  const now = () => (plugin().service('clock') as { now(): Date }).now();
  return async (ctx: Context, next: Next) => {
    const email = (ctx.request as { body?: { email?: unknown } }).body?.email;
    const user =
      typeof email === 'string' && email.length <= 320
        ? ((await strapi.db.query('admin::user').findOne({ where: { email: email.toLowerCase() }, select: ['id'] })) as { id: number } | null)
        : null;
    const factors = plugin().service('admin-factors') as Factors;
    const audit = (outcome: 'success' | 'failure' | 'denied', status: number, actorId?: number) =>
      plugin().service('audit').safeRecord({ actorType: actorId ? 'admin' : 'anonymous', actorId, action: 'admin.login.password', subject: 'admin::user', targetId: user?.id, ip: ctx.ip, outcome, status });

    const lockedUntil = user ? await factors.lockedUntil(user.id) : null;
    if (user && lockedUntil) {
      await audit('denied', 429);
      const retryAfter = secondsUntil(lockedUntil, now());
      ctx.set('Retry-After', String(retryAfter));
      throw lockedError(retryAfter);
    }
    try {
      await next();
    } catch (err) {
      const status = statusOfError(err);
      // Strapi's own per-email throttle (429) is not a guess at the password.
      if (user && status === 400) await factors.recordFailure(user.id, ctx.ip);
      await audit('failure', status);
      throw err;
    }
    const signedIn = (ctx.state as { user?: { id?: number } }).user?.id;
    await audit(ctx.status < 400 ? 'success' : 'failure', ctx.status, signedIn);
  };
}
