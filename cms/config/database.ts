import fs from 'node:fs';
import path from 'node:path';
import { cmsConfig } from '../src/palisade-config';

export default () => {
  const { database } = cmsConfig();
  if (database.client === 'postgres') {
    return {
      connection: {
        client: 'postgres',
        connection: { connectionString: database.url },
        pool: { min: 0, max: 10 },
      },
    };
  }
  fs.mkdirSync(path.dirname(database.filename), { recursive: true });
  return {
    connection: {
      client: 'sqlite',
      connection: { filename: database.filename },
      useNullAsDefault: true,
      pool: { afterCreate: walWithNormalSync },
    },
  };
};

type Done = (err: Error | null, connection: unknown) => void;

/**
 * SQLite runs on the event loop (better-sqlite3 is synchronous), so every
 * commit's fsync stalls every request. In WAL mode with synchronous=NORMAL a
 * commit appends to the log without an fsync (the log is synced at checkpoints):
 * a crash or restart of the CMS loses nothing that was committed; only a power
 * loss or OS crash can drop the last commits, never corrupt the file. This
 * applies to every content write, Strapi's own included. Deployments that
 * cannot accept that window use PostgreSQL (CMS_DATABASE_URL).
 */
function walWithNormalSync(connection: { pragma(sql: string): unknown }, done: Done): void {
  try {
    connection.pragma('journal_mode = WAL');
    connection.pragma('synchronous = NORMAL');
    done(null, connection);
  } catch (err) {
    done(err instanceof Error ? err : new Error(String(err)), connection);
  }
}
