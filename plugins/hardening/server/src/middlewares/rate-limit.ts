import type { Core } from '@strapi/strapi';
import type { Context, Next } from 'koa';
import { bucketFor } from '../rate-limit/rules';
import type { Decision } from '../services/rate-limiter';

type Limiter = { consume(bucket: NonNullable<ReturnType<typeof bucketFor>>, ip: string): Promise<Decision> };

/**
 * Application middleware, before body parsing so a flood costs as little as
 * possible. Per client IP (behind a proxy, server.proxy makes ctx.ip the
 * client's address).
 */
export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) => {
  return async (ctx: Context, next: Next) => {
    const bucket = bucketFor(ctx.method, ctx.path);
    if (!bucket) return next();
    const limiter = strapi.plugin('hardening').service('rate-limiter') as Limiter;
    const decision = await limiter.consume(bucket, ctx.ip);
    ctx.set('RateLimit-Limit', String(decision.limit));
    ctx.set('RateLimit-Remaining', String(decision.remaining));
    if (decision.allowed) return next();
    ctx.status = 429;
    ctx.set('Retry-After', String(decision.retryAfterSeconds));
    ctx.body = {
      data: null,
      error: {
        status: 429,
        name: 'RateLimitError',
        message: `Too many requests. Try again in ${decision.retryAfterSeconds} seconds.`,
        details: { retryAfter: decision.retryAfterSeconds },
      },
    };
  };
};
