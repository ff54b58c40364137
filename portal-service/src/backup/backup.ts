import type { ScriptDb } from '../db/types';
import { BackupWriter } from './stream-format';
import { quoteIdent, tablesInDependencyOrder } from './tables';

export const BACKUP_FORMAT = 1;
const BATCH_ROWS = 500;

export type Progress = (line: string) => void;

export interface AuditHead {
  seq: string;
  hash: string;
}

export interface BackupManifest {
  type: 'manifest';
  format: number;
  createdAt: string;
  migrations: string[];
  tables: string[];
}

export interface BackupSummary {
  file: string;
  bytes: number;
  counts: Record<string, number>;
  auditHead: AuditHead | null;
}

export async function auditHead(db: ScriptDb): Promise<AuditHead | null> {
  const res = await db.query<{ seq: string; hash: string }>(`SELECT seq::text AS seq, encode(hash, 'hex') AS hash FROM audit_events WHERE seq IS NOT NULL ORDER BY audit_events.seq DESC LIMIT 1`);
  return res.rows[0] ?? null;
}

export async function appliedMigrations(db: ScriptDb): Promise<string[]> {
  const res = await db.query<{ j: Record<string, unknown> }>(`SELECT row_to_json(m) AS j FROM schema_migrations m`);
  return res.rows.map((r) => String(Object.values(r.j)[0])).sort();
}

/**
 * Writes every table (rows as PostgreSQL renders them with row_to_json, so
 * bytea, bigint and timestamps round-trip exactly) from one snapshot into an
 * encrypted stream. Runs on the owner handle, whose row-level-security policy
 * sees every row.
 */
export async function createBackup(owner: ScriptDb, file: string, key: Uint8Array, now: Date, progress: Progress): Promise<BackupSummary> {
  const writer = await BackupWriter.open(file, key);
  let bytes = 0;
  try {
    const summary = await owner.transaction(async (tx) => {
      await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      const tables = await tablesInDependencyOrder(tx);
      const manifest: BackupManifest = { type: 'manifest', format: BACKUP_FORMAT, createdAt: now.toISOString(), migrations: await appliedMigrations(tx), tables };
      bytes += writer.write(manifest);
      const counts: Record<string, number> = {};
      for (const table of tables) {
        const q = quoteIdent(table);
        const total = Number((await tx.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${q}`)).rows[0]?.n ?? 0);
        let done = 0;
        while (done < total) {
          const res = await tx.query<{ json: string }>(
            `SELECT coalesce(json_agg(row_to_json(t))::text, '[]') AS json FROM (SELECT * FROM ${q} ORDER BY 1 LIMIT $1 OFFSET $2) t`,
            [BATCH_ROWS, done],
          );
          const json = res.rows[0]?.json ?? '[]';
          bytes += writer.write({ type: 'rows', table, json });
          done += Math.min(BATCH_ROWS, total - done);
          progress(`backup: ${table} ${done}/${total} rows, ${(bytes / 1024).toFixed(0)} KiB written`);
        }
        counts[table] = total;
      }
      const head = await auditHead(tx);
      bytes += writer.write({ type: 'end', counts, auditHead: head }, true);
      return { counts, auditHead: head };
    });
    writer.close();
    return { file, bytes: bytes + 40, ...summary };
  } catch (err) {
    writer.close();
    throw err;
  }
}
