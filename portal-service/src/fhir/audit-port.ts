import type { AuditService } from '../audit/events';
import { appendAudit } from '../audit/writer';
import type { Clock } from '../clock';
import type { Db } from '../db/types';

/** Small, non-PHI facts only: reason codes, counts, scope names, field keys. */
export type AuditFacts = Readonly<Record<string, string | number | boolean | null | readonly string[]>>;

/**
 * What FHIR, EHR-client and export code records. Unlike the staff API's port it
 * allows `service` actors: an EHR client acts as `ehr:<client id>`.
 */
export interface AuditRecord {
  event: string;
  outcome: 'success' | 'failure' | 'denied';
  actorType: 'staff' | 'service' | 'anonymous' | 'system';
  actorId: string | null;
  action: 'C' | 'R' | 'U' | 'D' | 'E';
  resourceType?: string;
  resourceId?: string;
  clinicId?: string | null;
  ip?: string;
  requestId?: string;
  detail?: AuditFacts;
}

/** Appends one hash-chained row inside the caller's transaction (bound to the platform's writer). */
export type AuditPort = (tx: Db, record: AuditRecord) => Promise<void>;

/** Binds the port to the platform's hash-chained writer, a service name and the injected clock. */
export function chainedAuditPort(service: AuditService, clock: Clock): AuditPort {
  return (tx, r) => appendAudit(tx, { ...r, ip: r.ip ?? null, requestId: r.requestId ?? null, service, at: clock.now() }).then(() => undefined);
}
