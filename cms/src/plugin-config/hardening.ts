import type { CmsConfig } from '@palisade/config';

/** Configuration handed to the hardening plugin (owned by the hardening work). */
export function hardeningConfig(c: CmsConfig): Record<string, unknown> {
  return {
    redisUrl: c.redisUrl,
    corsOrigins: c.corsOrigins,
  };
}
