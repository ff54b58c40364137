import type { Clock } from '../clock';
import type { Db } from '../db/types';
import type { AuditDetail } from './detail';
import type { AuditService } from './events';
import { appendAudit, auditRowValues, type AuditEventInput } from './writer';

export interface AuditEntry {
  event: string;
  outcome: AuditEventInput['outcome'];
  actorType: AuditEventInput['actorType'];
  actorId?: string | null;
  action: AuditEventInput['action'];
  resourceType?: string;
  resourceId?: string;
  clinicId?: string | null;
  detail?: AuditDetail;
}

export interface AuditMeta {
  ip?: string;
  requestId?: string;
}

/** `(tx, entry, meta)`: the shape identity and access code call (their AuditSink port). */
export type AuditAppender = (tx: Db, entry: AuditEntry, meta: AuditMeta) => Promise<void>;

/** Binds the chained writer to a service name and the injected clock. */
export function auditAppender(service: AuditService, clock: Clock): AuditAppender {
  return async (tx, entry, meta) => {
    await appendAudit(tx, { ...entry, ip: meta.ip ?? null, requestId: meta.requestId ?? null, service, at: clock.now() });
  };
}

/** An event's checked column values (writer.ts AUDIT_INSERT_COLUMNS), for an insert folded into another statement. */
export type AuditRowBuilder = (entry: AuditEntry, meta: AuditMeta) => unknown[];

export function auditRowBuilder(service: AuditService, clock: Clock): AuditRowBuilder {
  return (entry, meta) => auditRowValues({ ...entry, ip: meta.ip ?? null, requestId: meta.requestId ?? null, service, at: clock.now() });
}
