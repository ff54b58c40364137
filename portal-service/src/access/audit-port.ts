import type { Db } from '../db/types';

/** Where a request came from, for audit rows (never bodies). */
export interface RequestMeta {
  ip?: string;
  requestId?: string;
  userAgent?: string;
}

/** Small, non-PHI facts only: reason codes, counts, role names, field names of a change. */
export type AuditDetail = Readonly<Record<string, string | number | boolean | null | readonly string[]>>;

export interface AuditEntry {
  event: string;
  outcome: 'success' | 'failure' | 'denied';
  actorType: 'staff' | 'anonymous' | 'system';
  actorId?: string | null;
  action: 'C' | 'R' | 'U' | 'D' | 'E';
  resourceType?: string;
  resourceId?: string;
  clinicId?: string | null;
  detail?: AuditDetail;
}

/**
 * Identity and access code write audit rows through this port, always with the
 * transaction that touched the data; the app plugin binds it to the platform's
 * hash-chained writer.
 */
export type AuditSink = (tx: Db, entry: AuditEntry, meta: RequestMeta) => Promise<void>;
