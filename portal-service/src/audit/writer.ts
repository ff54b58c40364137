import type { Db } from '../db/types';
import { checkAuditDetail, type AuditDetail } from './detail';
import type { AuditService } from './events';

export interface AuditEventInput {
  /** A code from AuditEvents (or one appended there). */
  event: string;
  outcome: 'success' | 'failure' | 'denied';
  actorType: 'staff' | 'service' | 'anonymous' | 'system';
  /** Staff id, or the service's key id (the CMS keyid for intake). */
  actorId?: string | null;
  action: 'C' | 'R' | 'U' | 'D' | 'E';
  resourceType?: string | null;
  resourceId?: string | null;
  clinicId?: string | null;
  ip?: string | null;
  requestId?: string | null;
  service: AuditService;
  detail?: AuditDetail;
  /** Defaults to the database's clock; pass the injected clock's time. */
  at?: Date;
}

/** Held by the chainer (never by a request): one chainer at a time across every process on the database. */
export const AUDIT_CHAIN_LOCK = 0x61756469;

const EVENT = /^[a-z][a-z0-9-]*(\.[a-z0-9-]+)+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SHORT = 200;

/**
 * The hashed content of a row: every column but prev_hash and hash, as plain
 * JSON (ISO time, null for absent). The verifier rebuilds exactly this.
 */
export function canonicalAuditRow(r: {
  seq: number;
  at: Date;
  event: string;
  outcome: string;
  actorType: string;
  actorId: string | null;
  action: string;
  resourceType: string | null;
  resourceId: string | null;
  clinicId: string | null;
  ip: string | null;
  requestId: string | null;
  service: string;
  detail: AuditDetail;
}): Record<string, unknown> {
  return {
    seq: r.seq,
    at: r.at.toISOString(),
    event: r.event,
    outcome: r.outcome,
    actorType: r.actorType,
    actorId: r.actorId,
    action: r.action,
    resourceType: r.resourceType,
    resourceId: r.resourceId,
    clinicId: r.clinicId,
    ip: r.ip,
    requestId: r.requestId,
    service: r.service,
    detail: r.detail,
  };
}

function short(name: string, value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  if (value.length > SHORT || /[\r\n]/.test(value)) throw new Error(`audit ${name} is too long or spans lines`);
  return value;
}

// PostgreSQL prints uuids in lowercase; hashing the same spelling keeps the chain verifiable.
function clinicIdOf(value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  const lower = value.toLowerCase();
  if (!UUID.test(lower)) throw new Error('audit clinicId must be a uuid');
  return lower;
}

// Chainers of this process, woken by every append so they run only when there is work.
const appendListeners = new Set<() => void>();
/** Registers a chainer's wake-up; returns the unsubscribe. */
export function onAuditAppend(fn: () => void): () => void {
  appendListeners.add(fn);
  return () => appendListeners.delete(fn);
}

/** The columns a service inserts, in the order auditRowValues returns their values. */
export const AUDIT_INSERT_COLUMNS = 'at, event, outcome, actor_type, actor_id, action, resource_type, resource_id, clinic_id, ip, request_id, service, detail';

/**
 * One event's values for AUDIT_INSERT_COLUMNS, checked (dotted code, short
 * single-line identifiers, a uuid clinic, a detail without free text). For
 * callers that fold the insert into a statement of their own; `detail` is JSON
 * text, to be cast to jsonb.
 */
export function auditRowValues(event: AuditEventInput): unknown[] {
  if (!EVENT.test(event.event) || event.event.length > 64) throw new Error('audit event must be a dotted code');
  const detail = checkAuditDetail(event.detail);
  const at = new Date(Math.floor((event.at ?? new Date()).getTime()));
  return [
    at,
    event.event,
    event.outcome,
    event.actorType,
    short('actorId', event.actorId),
    event.action,
    short('resourceType', event.resourceType),
    short('resourceId', event.resourceId),
    clinicIdOf(event.clinicId),
    short('ip', event.ip),
    short('requestId', event.requestId),
    event.service,
    JSON.stringify(detail),
  ];
}

/** Tells this process's chainers that committed rows may be waiting. */
export function wakeAuditChainers(): void {
  for (const wake of appendListeners) wake();
}

/**
 * Inserts one audit event inside the caller's transaction, so the row commits
 * or rolls back with the data access it records. No lock and no read of the
 * chain head: seq, prev_hash and hash stay NULL until the chainer
 * (audit/chainer.ts) links committed rows in batches, off the request path.
 */
export async function appendAudit(tx: Db, event: AuditEventInput): Promise<void> {
  await tx.query(
    `INSERT INTO audit_events (${AUDIT_INSERT_COLUMNS})
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb)`,
    auditRowValues(event),
  );
  wakeAuditChainers();
}
