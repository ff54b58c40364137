import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knex, { type Knex } from 'knex';
import databaseConfig from '../config/database';

// Not beside config/database.ts: Strapi reads every file in config/ as configuration.
// The CMS's own SQLite connection: WAL for cheaper commits, and still a full sync per commit (the outbox must survive power loss).
describe('the CMS SQLite connection', () => {
  const saved = { ...process.env };
  let dir: string;
  let db: Knex | undefined;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-cms-db-'));
    delete process.env.CMS_DATABASE_URL;
    process.env.PALISADE_HOME = dir;
    process.env.CMS_DATABASE_FILENAME = path.join(dir, 'data', 'cms.db');
  });

  afterEach(async () => {
    await db?.destroy();
    process.env = { ...saved };
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('runs in WAL mode with synchronous=FULL', async () => {
    const { connection } = databaseConfig() as { connection: Knex.Config & { client: string } };
    expect(connection.client).toBe('sqlite');
    db = knex({ ...connection, client: 'better-sqlite3' });
    expect(await db.raw('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
    expect(await db.raw('PRAGMA synchronous')).toEqual([{ synchronous: 2 }]); // 2 = FULL
    await db.raw('CREATE TABLE t (x INTEGER)');
    expect(fs.existsSync(`${process.env.CMS_DATABASE_FILENAME}-wal`)).toBe(true);
  });
});
