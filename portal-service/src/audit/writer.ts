import { chainHash, GENESIS_HASH } from '@palisade/protocol';
import type { Db } from '../db/types';
import { toBuffer, toNumber } from '../db/values';
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

/** Serializes appends across every process writing to the same database. */
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

/**
 * Appends one hash-chained row inside the caller's transaction, so the audit
 * row commits or rolls back with the data access it records. Appends are
 * serialized by a transaction-scoped advisory lock; the lock is released at
 * commit, so keep the rest of the transaction short.
 */
export async function appendAudit(tx: Db, event: AuditEventInput): Promise<{ seq: number; hash: Buffer }> {
  if (!EVENT.test(event.event) || event.event.length > 64) throw new Error('audit event must be a dotted code');
  const detail = checkAuditDetail(event.detail);
  await tx.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
  const head = await tx.query<{ seq: unknown; hash: unknown }>('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1');
  const last = head.rows[0];
  const seq = last ? toNumber(last.seq) + 1 : 1;
  const prev = last ? toBuffer(last.hash) : GENESIS_HASH;
  const at = new Date(Math.floor((event.at ?? new Date()).getTime()));
  const row = {
    seq,
    at,
    event: event.event,
    outcome: event.outcome,
    actorType: event.actorType,
    actorId: short('actorId', event.actorId),
    action: event.action,
    resourceType: short('resourceType', event.resourceType),
    resourceId: short('resourceId', event.resourceId),
    clinicId: clinicIdOf(event.clinicId),
    ip: short('ip', event.ip),
    requestId: short('requestId', event.requestId),
    service: event.service,
    detail,
  };
  const hash = chainHash(prev, canonicalAuditRow(row));
  await tx.query(
    `INSERT INTO audit_events (seq, at, event, outcome, actor_type, actor_id, action, resource_type, resource_id, clinic_id, ip, request_id, service, detail, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::jsonb, $15, $16)`,
    [
      seq,
      at,
      row.event,
      row.outcome,
      row.actorType,
      row.actorId,
      row.action,
      row.resourceType,
      row.resourceId,
      row.clinicId,
      row.ip,
      row.requestId,
      row.service,
      JSON.stringify(detail),
      Buffer.from(prev),
      hash,
    ],
  );
  return { seq, hash };
}
