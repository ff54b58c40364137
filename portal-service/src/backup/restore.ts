import type { Db, ScriptDb } from '../db/types';
import { appliedMigrations, auditHead, BACKUP_FORMAT, type AuditHead, type BackupManifest, type Progress } from './backup';
import { BackupFormatError, BackupReader } from './stream-format';
import { quoteIdent } from './tables';

export type ChainCheck = (db: Db) => Promise<{ ok: true; count: number } | { ok: false; detail: string }>;

export class RestoreRefused extends Error {
  override readonly name = 'RestoreRefused';
}

export interface RestoreSummary {
  counts: Record<string, number>;
  auditHead: AuditHead | null;
  chainRows: number;
}

function isManifest(m: unknown): m is BackupManifest {
  const o = m as BackupManifest | undefined;
  return !!o && o.type === 'manifest' && Array.isArray(o.tables) && Array.isArray(o.migrations);
}

/**
 * Loads a backup into a freshly migrated, empty database in ONE transaction:
 * a chunk that fails authentication, a count that differs, an audit chain that
 * does not verify or a head that differs from the one recorded at backup time
 * rolls everything back, so a refused restore leaves nothing behind.
 */
export async function restoreBackup(owner: ScriptDb, file: string, key: Uint8Array, checkChain: ChainCheck, progress: Progress): Promise<RestoreSummary> {
  let reader: BackupReader;
  try {
    reader = await BackupReader.open(file, key);
  } catch (err) {
    if (err instanceof BackupFormatError) throw new RestoreRefused(err.message);
    throw err;
  }
  try {
    const first = next(reader);
    if (!isManifest(first)) throw new RestoreRefused('the backup does not start with a manifest');
    if (first.format !== BACKUP_FORMAT) throw new RestoreRefused(`backup format ${first.format} is not supported (expected ${BACKUP_FORMAT})`);
    return await owner.transaction(async (tx) => {
      const have = new Set(await appliedMigrations(tx));
      const missing = first.migrations.filter((m) => !have.has(m));
      if (missing.length) throw new RestoreRefused(`the target database lacks migrations ${missing.join(', ')}: run this portal version's migrate first, or restore with the version that made the backup`);
      for (const table of first.tables) {
        const n = Number((await tx.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${quoteIdent(table)}`)).rows[0]?.n ?? 0);
        if (n > 0) throw new RestoreRefused(`the target database is not empty (${table} has ${n} rows): restore only into a fresh database`);
      }
      const inserted: Record<string, number> = Object.fromEntries(first.tables.map((t) => [t, 0]));
      let end: { counts: Record<string, number>; auditHead: AuditHead | null } | undefined;
      while (!reader.done) {
        const m = next(reader) as { type?: string; table?: string; json?: string; counts?: Record<string, number>; auditHead?: AuditHead | null };
        if (m.type === 'rows' && typeof m.table === 'string' && typeof m.json === 'string' && m.table in inserted) {
          const q = quoteIdent(m.table);
          // Audit rows of a backup older than 080 carry no id: let the identity number them (in backup order).
          const overriding = m.table === 'audit_events' && !first.migrations.some((n) => n.startsWith('080_')) ? ' OVERRIDING USER VALUE' : '';
          const res = await tx.query(`INSERT INTO ${q}${overriding} SELECT * FROM json_populate_recordset(NULL::${q}, $1::json)`, [m.json]);
          inserted[m.table] = (inserted[m.table] ?? 0) + res.rowCount;
          progress(`restore: ${m.table} ${inserted[m.table]} rows, ${(reader.bytesRead / 1024).toFixed(0)}/${(reader.size / 1024).toFixed(0)} KiB read`);
        } else if (m.type === 'end' && m.counts) {
          end = { counts: m.counts, auditHead: m.auditHead ?? null };
        } else {
          throw new RestoreRefused('the backup holds an unexpected chunk');
        }
      }
      if (!end) throw new RestoreRefused('the backup has no end record');
      // Rows came with their ids: move the identity past them, or the next audit append would collide.
      await tx.query(`SELECT setval(pg_get_serial_sequence('audit_events', 'id'), max(id)) FROM audit_events HAVING max(id) IS NOT NULL`);
      for (const table of first.tables) {
        const actual = Number((await tx.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${quoteIdent(table)}`)).rows[0]?.n ?? 0);
        if (actual !== end.counts[table] || inserted[table] !== end.counts[table]) {
          throw new RestoreRefused(`row count of ${table} differs: backup says ${end.counts[table]}, restored ${actual}`);
        }
      }
      progress('restore: row counts match; verifying the audit chain');
      const chain = await checkChain(tx);
      if (!chain.ok) throw new RestoreRefused(`the restored audit chain does not verify: ${chain.detail}`);
      const head = await auditHead(tx);
      if (JSON.stringify(head) !== JSON.stringify(end.auditHead)) throw new RestoreRefused('the restored audit head differs from the one recorded in the backup');
      return { counts: end.counts, auditHead: head, chainRows: chain.count };
    });
  } finally {
    reader.close();
  }
}

function next(reader: BackupReader): unknown {
  try {
    return reader.next();
  } catch (err) {
    if (err instanceof BackupFormatError) throw new RestoreRefused(err.message);
    throw err;
  }
}
