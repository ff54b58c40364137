import type { AuditDetail } from './detail';

/** The stored columns of an audit event, as read back (hashes excluded). */
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
