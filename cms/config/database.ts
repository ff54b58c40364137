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
      pool: { afterCreate: walWithFullSync },
    },
  };
};

type Done = (err: Error | null, connection: unknown) => void;

/**
 * SQLite runs on the event loop (better-sqlite3 is synchronous), so each
 * commit's sync stalls every request. WAL mode makes a commit one append and
 * one fsync of the log (the rollback journal's default costs several). The
 * sync level stays FULL: until the portal acknowledges it, an outbox row is the
 * only copy of a visitor's submission, and invariant 5 covers power loss too.
 * synchronous=NORMAL would be faster and could drop the last commits on an OS
 * crash after the visitor was told "queued".
 */
function walWithFullSync(connection: { pragma(sql: string): unknown }, done: Done): void {
  try {
    connection.pragma('journal_mode = WAL');
    connection.pragma('synchronous = FULL');
    done(null, connection);
  } catch (err) {
    done(err instanceof Error ? err : new Error(String(err)), connection);
  }
}
