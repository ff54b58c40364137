import type { CmsConfig } from '@palisade/config';

/**
 * Configuration handed to the secure-forms plugin (owned by the secure-forms work).
 * The private signing key is deliberately absent: the plugin reads it itself with
 * loadCmsConfig() so that it never sits in strapi.config, which admin code can read.
 */
export function secureFormsConfig(c: CmsConfig): Record<string, unknown> {
  return {
    portalIntakeUrl: c.portal.intakeUrl,
    portalPublicUrl: c.portal.publicUrl,
    portalKeySetUrl: c.portal.keySetUrl,
    signingKeyId: c.signing.keyId,
    intakeMaxBytes: c.intakeMaxBytes,
    sweepCron: c.outboxSweepCron,
    keysetPin: c.keysetPin ?? null,
    keysetCacheSeconds: c.keysetCacheSeconds,
    portalTimeoutMs: c.portalTimeoutMs,
    outboxAlertSeconds: c.outboxAlertSeconds,
    shredRetentionDays: c.shredRetentionDays,
    // Trust-on-first-use of the key set is a development convenience only.
    allowKeysetTofu: c.nodeEnv !== 'production',
  };
}
