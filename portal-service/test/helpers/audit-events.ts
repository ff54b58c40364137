import crypto from 'node:crypto';
import type { AuditEventInput } from '../../src/audit/writer';

/** A staff read of some submission, with fresh ids; tests override what they check. */
export function sampleAuditEvent(overrides: Partial<AuditEventInput> = {}): AuditEventInput {
  return {
    event: 'submission.read',
    outcome: 'success',
    actorType: 'staff',
    actorId: crypto.randomUUID(),
    action: 'R',
    resourceType: 'submission',
    resourceId: crypto.randomUUID(),
    service: 'portal-staff',
    detail: {},
    ...overrides,
  };
}
