import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import type { VerifyContext } from '../context';
import type { Status } from '../report';

interface SqliteStatement {
  all(): Array<Record<string, unknown>>;
}
interface SqliteDb {
  prepare(sql: string): SqliteStatement;
  close(): void;
}
type SqliteCtor = new (file: string, opts: { readonly: boolean; fileMustExist: boolean }) => SqliteDb;

/** Column names that would mean answers are kept somewhere other than as sealed ciphertext. */
const PLAINTEXT_COLUMN = /(^|_)(answers?|plaintext|payload|decrypted|patient|dob|ssn|diagnos\w*)($|_)/i;

function contains(value: unknown, needle: string): boolean {
  if (typeof value === 'string') return value.includes(needle);
  if (Buffer.isBuffer(value)) return value.includes(needle);
  if (value !== null && typeof value === 'object') return JSON.stringify(value).includes(needle);
  return false;
}

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

interface TableScan {
  tables: number;
  cells: number;
  hits: string[];
  outboxTables: string[];
  outboxRows: number;
  plaintextColumns: string[];
}

function scanSqlite(file: string, canary: string): TableScan {
  // Loaded at run time: better-sqlite3 ships with Strapi and has no bundled types.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Database = require('better-sqlite3') as SqliteCtor;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  const scan: TableScan = { tables: 0, cells: 0, hits: [], outboxTables: [], outboxRows: 0, plaintextColumns: [] };
  try {
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all().map((r) => String(r.name));
    for (const t of tables) {
      scan.tables++;
      const rows = db.prepare(`SELECT * FROM "${t.replaceAll('"', '""')}"`).all();
      const outbox = /outbox/i.test(t);
      if (outbox) {
        scan.outboxTables.push(t);
        scan.outboxRows += rows.length;
      }
      for (const row of rows) {
        for (const [col, value] of Object.entries(row)) {
          scan.cells++;
          if (contains(value, canary)) scan.hits.push(`${t}.${col}`);
        }
      }
      const cols = rows[0] ? Object.keys(rows[0]) : [];
      if (/secure|outbox|shred|submission/i.test(t)) for (const c of cols) if (PLAINTEXT_COLUMN.test(c)) scan.plaintextColumns.push(`${t}.${c}`);
    }
  } finally {
    db.close();
  }
  return scan;
}

async function scanPostgres(url: string, canary: string): Promise<TableScan> {
  const client = new Client({ connectionString: url });
  await client.connect();
  const scan: TableScan = { tables: 0, cells: 0, hits: [], outboxTables: [], outboxRows: 0, plaintextColumns: [] };
  try {
    const cols = await client.query<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY table_name`,
    );
    const byTable = new Map<string, string[]>();
    for (const c of cols.rows) byTable.set(c.table_name, [...(byTable.get(c.table_name) ?? []), c.column_name]);
    for (const [t, names] of byTable) {
      scan.tables++;
      const rows = await client.query<Record<string, unknown>>(`SELECT * FROM "${t.replaceAll('"', '""')}"`);
      if (/outbox/i.test(t)) {
        scan.outboxTables.push(t);
        scan.outboxRows += rows.rowCount ?? 0;
      }
      for (const row of rows.rows) for (const [col, value] of Object.entries(row)) {
        scan.cells++;
        if (contains(value, canary)) scan.hits.push(`${t}.${col}`);
      }
      if (/secure|outbox|shred|submission/i.test(t)) for (const c of names) if (PLAINTEXT_COLUMN.test(c)) scan.plaintextColumns.push(`${t}.${c}`);
    }
  } finally {
    await client.end();
  }
  return scan;
}

/**
 * The probe sealed a canary answer and sent it through the CMS. If any of it
 * were decrypted, logged or stored in clear on the CMS side, the canary would
 * be in its database (cells and raw file bytes, including the WAL) or uploads.
 */
export async function scanCmsDatabase(ctx: VerifyContext, uploadsDir: string): Promise<{ status: Status; evidence: string[] }> {
  const cms = ctx.cms!;
  const evidence: string[] = [];
  let scan: TableScan;
  const rawHits: string[] = [];
  if (cms.database.client === 'sqlite') {
    const file = cms.database.filename;
    scan = scanSqlite(file, ctx.canary);
    for (const f of [file, `${file}-wal`, `${file}-journal`]) {
      if (fs.existsSync(f) && fs.readFileSync(f).includes(ctx.canary)) rawHits.push(path.basename(f));
    }
    evidence.push(`SQLite ${file}: ${scan.tables} tables, ${scan.cells} cells, raw bytes of the file and its WAL searched too`);
  } else {
    scan = await scanPostgres(cms.database.url, ctx.canary);
    evidence.push(`PostgreSQL: ${scan.tables} tables, ${scan.cells} cells`);
  }
  const uploads = walk(uploadsDir).filter((f) => !f.endsWith('.gitkeep'));
  const uploadHits = uploads.filter((f) => fs.readFileSync(f).includes(ctx.canary));
  evidence.push(`uploads ${uploadsDir}: ${uploads.length} files`);
  evidence.push(`outbox tables: ${scan.outboxTables.join(', ') || 'none found'} (${scan.outboxRows} pending rows)`);
  const problems = [
    ...scan.hits.map((h) => `canary answer found in ${h}`),
    ...rawHits.map((h) => `canary answer found in the raw bytes of ${h}`),
    ...uploadHits.map((h) => `canary answer found in upload ${h}`),
    ...scan.plaintextColumns.map((c) => `column that could hold answers in clear: ${c}`),
  ];
  if (scan.outboxTables.length === 0) problems.push('no secure-forms outbox table: the intake cannot be checked');
  return { status: problems.length === 0 ? 'pass' : 'fail', evidence: [...evidence, ...problems] };
}
