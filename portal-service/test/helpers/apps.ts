import type { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { PortalConfig } from '@palisade/config';
import { buildApps } from '../../src/app';
import { FakeClock, type Clock } from '../../src/clock';
import { testDatabases, type OpenedTestDatabase, type TestDatabase } from './databases';

export interface TestApps extends OpenedTestDatabase {
  staff: FastifyInstance;
  intake: FastifyInstance;
  clock: Clock;
  /** Every log line both listeners wrote (JSON strings), when no logStream was given. */
  logs: string[];
  /** Stops both listeners and drops the database. */
  close(): Promise<void>;
}

export interface BuildTestAppsOptions {
  /** Defaults to a FakeClock at 2031-03-01T09:00:00Z. */
  clock?: Clock;
  /** Receives every log line; defaults to capturing them in `logs`. */
  logStream?: Writable;
  /** Defaults to PGlite; pass an entry of testDatabases() to run on PostgreSQL too. */
  database?: TestDatabase;
  /** Adjusts the generated test configuration (e.g. a low rate limit). */
  configure?: (config: PortalConfig) => PortalConfig;
}

/**
 * Both portal listeners on a fresh migrated database with a throw-away master
 * key, the intake and key-set keys created, and a generated CMS key pair that
 * the configuration trusts (`cms.privateKey` signs intake calls). Use
 * `app.inject` on `staff` / `intake`; nothing listens on a port.
 */
export async function buildTestApps(opts: BuildTestAppsOptions = {}): Promise<TestApps> {
  const database = opts.database ?? testDatabases()[0];
  if (!database) throw new Error('no test database');
  const opened = await database.open();
  const clock = opts.clock ?? new FakeClock();
  const logs: string[] = [];
  const stream =
    opts.logStream ??
    ({
      write(line: string) {
        logs.push(line);
        return true;
      },
    } as unknown as Writable);
  try {
    const config = opts.configure ? opts.configure(opened.config) : opened.config;
    const apps = await buildApps({ config, clock, logger: stream, databases: opened.dbs, docsUi: false });
    return {
      ...opened,
      config,
      staff: apps.staff,
      intake: apps.intake,
      clock,
      logs,
      async close() {
        await apps.close();
        await opened.cleanup();
      },
    };
  } catch (err) {
    await opened.cleanup();
    throw err;
  }
}
