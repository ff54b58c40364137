import path from 'node:path';

interface SqliteDatabase {
  prepare(sql: string): { get(): Record<string, unknown> | undefined };
  close(): void;
}
type SqliteCtor = new (file: string, opts: { readonly: boolean; fileMustExist: boolean }) => SqliteDatabase;

/**
 * Rows waiting in the secure-forms outbox of a stack's CMS (embedded SQLite at
 * $PALISADE_HOME/data/cms.db), read-only beside the running CMS.
 */
export async function cmsOutboxDepth(home: string): Promise<number> {
  // better-sqlite3 ships with Strapi and has no bundled types.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Database = require('better-sqlite3') as SqliteCtor;
  const db = new Database(path.join(home, 'data', 'cms.db'), { readonly: true, fileMustExist: true });
  try {
    return Number(db.prepare('SELECT count(*) AS n FROM secure_forms_outbox').get()?.n ?? 0);
  } finally {
    db.close();
  }
}
