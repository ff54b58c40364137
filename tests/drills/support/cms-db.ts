import path from 'node:path';

interface SqliteDb {
  prepare(sql: string): { get(...params: unknown[]): Record<string, unknown> | undefined; all(...params: unknown[]): Array<Record<string, unknown>> };
  close(): void;
}
type SqliteCtor = new (file: string, opts: { readonly: boolean; fileMustExist: boolean }) => SqliteDb;

export const OUTBOX_TABLE = 'secure_forms_outbox';

/** Read-only look into the CMS's SQLite file (safe while the CMS runs: WAL readers do not block it). */
export function withCmsDb<T>(home: string, fn: (db: SqliteDb) => T): T {
  // better-sqlite3 ships with Strapi and has no bundled types.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Database = require('better-sqlite3') as SqliteCtor;
  const db = new Database(path.join(home, 'data', 'cms.db'), { readonly: true, fileMustExist: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

export function outboxIds(home: string): string[] {
  return withCmsDb(home, (db) => {
    const exists = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?`).get(OUTBOX_TABLE);
    if (!exists) return [];
    return db.prepare(`SELECT id FROM ${OUTBOX_TABLE} ORDER BY id`).all().map((r) => String(r.id));
  });
}
