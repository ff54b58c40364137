import path from 'node:path';
import { openDatabases } from '../../../portal-service/src/db/open';
import type { Databases } from '../../../portal-service/src/db/types';

/**
 * Opens the stack's portal database as its owner. PGlite is single-process:
 * stop the portal first (stack.stop('portal')), then start it again after.
 */
export async function withPortalDb<T>(home: string, fn: (dbs: Databases) => Promise<T>, env: Record<string, string> = {}): Promise<T> {
  const database = env.DATABASE_URL
    ? { kind: 'postgres' as const, ownerUrl: env.DATABASE_URL }
    : { kind: 'pglite' as const, dataDir: env.PORTAL_PGLITE_DIR ?? path.join(home, 'data', 'portal-pglite') };
  const dbs = await openDatabases({ database });
  try {
    return await fn(dbs);
  } finally {
    await dbs.close();
  }
}

export async function submissionIds(dbs: Databases): Promise<string[]> {
  const res = await dbs.owner.query<{ id: string }>(`SELECT id::text AS id FROM submissions ORDER BY id`);
  return res.rows.map((r) => r.id);
}

export interface AuditRow {
  seq: string;
  actor_id: string | null;
  resource_id: string | null;
  outcome: string;
  detail: Record<string, unknown>;
}

export async function auditEvents(dbs: Databases, event: string): Promise<AuditRow[]> {
  const res = await dbs.owner.query<AuditRow>(
    `SELECT seq::text AS seq, actor_id, resource_id, outcome, detail FROM audit_events WHERE event = $1 ORDER BY audit_events.id`,
    [event],
  );
  return res.rows;
}
