import crypto from 'node:crypto';
import { Client } from 'pg';

const ADMIN_URL = process.env.DRILL_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function admin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** A throw-away database on the local PostgreSQL, with switches to make it unavailable and back. */
export interface DrillDatabase {
  name: string;
  url: string;
  /** Refuses new connections and ends the open ones, as an outage would. */
  takeDown(): Promise<void>;
  bringBack(): Promise<void>;
  drop(): Promise<void>;
}

export async function createDrillDatabase(prefix: string): Promise<DrillDatabase> {
  const name = `${prefix}_${crypto.randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    takeDown: () =>
      admin(async (c) => {
        await c.query(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS false`);
        await c.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [name]);
      }),
    bringBack: () => admin((c) => c.query(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS true`)).then(() => undefined),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
