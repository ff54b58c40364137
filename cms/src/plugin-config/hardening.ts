import type { CmsConfig } from '@palisade/config';

/**
 * Configuration handed to the hardening plugin (owned by the hardening work).
 * The Redis URL is a secret and stays out of strapi.config: the plugin reads it
 * from @palisade/config itself.
 */
export function hardeningConfig(c: CmsConfig): Record<string, unknown> {
  const h = c.hardening;
  return {
    production: c.nodeEnv === 'production',
    connectOrigins: [new URL(c.portal.publicUrl).origin],
    mediaOrigins: c.s3?.endpoint ? [new URL(c.s3.endpoint).origin] : c.s3 ? [`https://${c.s3.bucket}.s3.${c.s3.region}.amazonaws.com`] : [],
    hsts: h.hsts,
    password: { minLength: h.adminPasswordMinLength },
    lockout: { threshold: h.adminLockoutThreshold, baseMinutes: h.adminLockoutMinutes, maxMinutes: 24 * 60 },
    mfa: { issuer: `Palisade CMS (${new URL(c.publicUrl).host})` },
    dormant: { days: h.dormantDays, cron: h.dormantSweepCron },
    audit: { retentionDays: h.auditRetentionDays },
    rateLimit: {
      publicPerMinute: h.rateLimits.publicPerMinute,
      intakePerMinute: h.rateLimits.intakePerMinute,
      adminLoginPerMinute: h.rateLimits.adminLoginPerMinute,
      keyPrefix: 'palisade:rl:',
    },
  };
}
