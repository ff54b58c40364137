import type { CmsConfig } from '@palisade/config';

/** Configuration handed to the secure-forms plugin (owned by the secure-forms work). */
export function secureFormsConfig(c: CmsConfig): Record<string, unknown> {
  return {
    portalIntakeUrl: c.portal.intakeUrl,
    portalPublicUrl: c.portal.publicUrl,
    signingKeyId: c.signing.keyId,
    intakeMaxBytes: c.intakeMaxBytes,
    sweepCron: c.outboxSweepCron,
  };
}
