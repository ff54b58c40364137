import type { HardeningConfig } from './types';

const defaults: HardeningConfig = {
  production: false,
  connectOrigins: [],
  mediaOrigins: [],
  hsts: true,
  password: { minLength: 12 },
  lockout: { threshold: 10, baseMinutes: 15, maxMinutes: 24 * 60 },
  mfa: { issuer: 'Palisade CMS' },
  dormant: { days: 90, cron: '0 15 3 * * *' },
  audit: { retentionDays: 365 },
  rateLimit: { publicPerMinute: 300, intakePerMinute: 10, adminLoginPerMinute: 10, keyPrefix: 'palisade:rl:' },
};

const positive = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v > 0;

export default {
  default: defaults,
  /** Refuses a config that would silently weaken a control (a zero limit, a lockout that never locks). */
  validator(config: HardeningConfig) {
    const problems: string[] = [];
    if (!positive(config.password?.minLength) || config.password.minLength < 8) problems.push('password.minLength must be a whole number of at least 8');
    for (const key of ['threshold', 'baseMinutes', 'maxMinutes'] as const) {
      if (!positive(config.lockout?.[key])) problems.push(`lockout.${key} must be a positive whole number`);
    }
    if (!positive(config.dormant?.days)) problems.push('dormant.days must be a positive whole number');
    if (!positive(config.audit?.retentionDays)) problems.push('audit.retentionDays must be a positive whole number');
    for (const key of ['publicPerMinute', 'intakePerMinute', 'adminLoginPerMinute'] as const) {
      if (!positive(config.rateLimit?.[key])) problems.push(`rateLimit.${key} must be a positive whole number`);
    }
    if (typeof config.rateLimit?.keyPrefix !== 'string' || config.rateLimit.keyPrefix === '') problems.push('rateLimit.keyPrefix must be a non-empty string');
    if (problems.length > 0) throw new Error(`Invalid hardening plugin config: ${problems.join('; ')}`);
  },
};
