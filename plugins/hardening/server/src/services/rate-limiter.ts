import type { Core } from '@strapi/strapi';
import { loadCmsConfig } from '@palisade/config';
import Redis from 'ioredis';
import { limitFor, type Bucket } from '../rate-limit/rules';
import { MemoryStore, RedisStore, type RateLimitStore } from '../rate-limit/stores';
import { pluginConfig } from '../utils/plugin-config';

const WINDOW_MS = 60_000;

export interface Decision {
  allowed: boolean;
  limit: number;
  remaining: number;
  retryAfterSeconds: number;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  let store: RateLimitStore | undefined;
  let lastOutageLog = 0;

  const open = (): RateLimitStore => {
    if (store) return store;
    // The Redis URL is a secret, so it is read here rather than carried in strapi.config.
    const url = loadCmsConfig(process.env).redisUrl;
    store = url
      ? new RedisStore(new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 2000, commandTimeout: 1000 }))
      : new MemoryStore();
    return store;
  };

  return {
    /** `memory` or `redis`: which store the limits live in. */
    storeKind(): 'memory' | 'redis' {
      return open().kind;
    },

    async consume(bucket: Bucket, ip: string): Promise<Decision> {
      const c = pluginConfig(strapi).rateLimit;
      const limit = limitFor(bucket, c);
      try {
        const { count, resetMs } = await open().hit(`${c.keyPrefix}${bucket}:${ip}`, WINDOW_MS);
        return { allowed: count <= limit, limit, remaining: Math.max(0, limit - count), retryAfterSeconds: Math.max(1, Math.ceil(resetMs / 1000)) };
      } catch (err) {
        // A Redis outage must not take the public site down with it; the lockout still guards the admin.
        if (Date.now() - lastOutageLog > 60_000) {
          lastOutageLog = Date.now();
          strapi.log.error(`Rate-limit store unavailable, requests are not limited: ${err instanceof Error ? err.message : String(err)}`);
        }
        return { allowed: true, limit, remaining: limit, retryAfterSeconds: 0 };
      }
    },

    async close(): Promise<void> {
      await store?.close();
      store = undefined;
    },
  };
};
