import type { AuditDetail } from './detail';
import { canonicalAuditRow } from './writer';
import { toDate } from '../db/values';

/** The stored columns of an audit event, as read back (hashes excluded). seq is NULL until the chainer reaches the row. */
export interface StoredAuditEvent {
  seq: unknown;
  at: unknown;
  event: string;
  outcome: string;
  actor_type: string;
  actor_id: string | null;
  action: string;
  resource_type: string | null;
  resource_id: string | null;
  clinic_id: string | null;
  ip: string | null;
  request_id: string | null;
  service: string;
  detail: AuditDetail;
}

/** The same columns for a SELECT list, in table order. */
export const AUDIT_EVENT_COLUMNS =
  'seq, at, event, outcome, actor_type, actor_id, action, resource_type, resource_id, clinic_id, ip, request_id, service, detail';

/**
 * The hashed content of a stored row at position `seq`. The chainer and the
 * verifier both build it from what the database returns (timestamps, lowercase
 * uuids, jsonb), so they hash exactly the same bytes.
 */
export function canonicalStoredRow(r: StoredAuditEvent, seq: number): Record<string, unknown> {
  return canonicalAuditRow({
    seq,
    at: toDate(r.at),
    event: r.event,
    outcome: r.outcome,
    actorType: r.actor_type,
    actorId: r.actor_id,
    action: r.action,
    resourceType: r.resource_type,
    resourceId: r.resource_id,
    clinicId: r.clinic_id,
    ip: r.ip,
    requestId: r.request_id,
    service: r.service,
    detail: r.detail,
  });
}
