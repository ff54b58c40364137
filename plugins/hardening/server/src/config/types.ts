/** What the hardening plugin receives from cms/src/plugin-config/hardening.ts. */
export interface HardeningConfig {
  production: boolean;
  /** Origins the pages may talk to besides their own (the portal, for the widget's key set). */
  connectOrigins: string[];
  /** Where media live when not on the CMS itself (an S3 endpoint). */
  mediaOrigins: string[];
  hsts: boolean;
  password: { minLength: number };
  lockout: { threshold: number; baseMinutes: number; maxMinutes: number };
  mfa: { issuer: string };
  dormant: { days: number; cron: string };
  audit: { retentionDays: number };
  rateLimit: {
    publicPerMinute: number;
    intakePerMinute: number;
    adminLoginPerMinute: number;
    /** Redis key prefix; several CMS instances sharing one Redis share limits under the same prefix. */
    keyPrefix: string;
  };
}
