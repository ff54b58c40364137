import rateLimit from '@fastify/rate-limit';
import fp from 'fastify-plugin';
import Redis from 'ioredis';
import { ProblemError } from '../../http/problem';
import './types';

/**
 * Per-client request budget on the staff listener: `config.rateLimitMax` per
 * minute, counted in Redis when `config.redisUrl` is set (several portal
 * processes share it), in memory otherwise.
 */
export default fp(
  async (app) => {
    const redis = app.config.redisUrl
      ? new Redis(app.config.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: false })
      : undefined;
    if (redis) app.addHook('onClose', async () => void (await redis.quit()));
    await app.register(rateLimit, {
      max: app.config.rateLimitMax,
      timeWindow: '1 minute',
      redis,
      nameSpace: 'palisade-portal-rl:',
      // A Redis outage must not lock staff out; the limiter then lets requests through.
      skipOnError: true,
      errorResponseBuilder: (_req, ctx) =>
        new ProblemError('rateLimited', `Too many requests. Try again in ${Math.ceil(ctx.ttl / 1000)} seconds.`, undefined, {
          'retry-after': String(Math.ceil(ctx.ttl / 1000)),
        }),
    });
  },
  { name: 'palisade-rate-limit', dependencies: ['palisade-env'] },
);
