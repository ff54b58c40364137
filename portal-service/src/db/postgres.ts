import crypto from 'node:crypto';
import pg from 'pg';
import { type Databases, type DbRole, type QueryResult, type ScriptDb, type TransactionOptions, ROLE_NAMES } from './types';
import { clinicIdsSetting } from './values';

type Queryable = Pick<pg.PoolClient, 'query'>;

/** Past this many distinct statement texts, new ones run unnamed (a guard against statements built from data). */
const MAX_PREPARED = 256;
const preparedNames = new Map<string, string>();

/**
 * Every parameterized statement is prepared once per connection, under a name
 * derived from its text. PostgreSQL otherwise plans each call again, and for
 * the staff and intake statements (CTEs, LATERAL joins, row-level security)
 * planning took longer than running: 0.7 ms against 0.6 ms for the inbox page.
 * Plans are re-made by PostgreSQL itself when a migration changes a table.
 */
function statementName(sql: string): string | undefined {
  const known = preparedNames.get(sql);
  if (known || preparedNames.size >= MAX_PREPARED) return known;
  const name = `palisade_${crypto.createHash('sha256').update(sql).digest('hex').slice(0, 24)}`;
  preparedNames.set(sql, name);
  return name;
}

async function run<R>(q: Queryable, sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
  // Without parameters node-postgres uses the simple protocol, which migrations rely on for several statements at once.
  const res = params ? await q.query({ name: statementName(sql), text: sql, values: [...params] }) : await q.query(sql);
  return { rows: res.rows as R[], rowCount: res.rowCount ?? res.rows.length };
}

class PgTx implements ScriptDb {
  constructor(private readonly client: pg.PoolClient) {}

  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
    return run<R>(this.client, sql, params);
  }

  async exec(sql: string): Promise<void> {
    // No parameters: node-postgres uses the simple protocol, which accepts several statements.
    await this.client.query(sql);
  }

  async transaction<T>(fn: (tx: ScriptDb) => Promise<T>, opts?: TransactionOptions): Promise<T> {
    if (opts?.clinicIds) await setClinics(this.client, opts.clinicIds);
    return fn(this);
  }
}

async function setClinics(client: Queryable, ids: readonly string[]): Promise<void> {
  await client.query(`SELECT set_config('app.clinic_ids', $1, true)`, [clinicIdsSetting(ids)]);
}

/**
 * BEGIN and the row-level-security clinics in one round trip. The simple
 * protocol takes no parameters, so the value is inlined: clinicIdsSetting
 * admits only lowercase uuids joined by commas, which cannot break out of a
 * quoted literal.
 */
function beginStatement(clinicIds: readonly string[] | undefined): string {
  if (!clinicIds) return 'BEGIN';
  return `BEGIN; SELECT set_config('app.clinic_ids', '${clinicIdsSetting(clinicIds)}', true)`;
}

class PgPoolDb implements ScriptDb {
  constructor(readonly pool: pg.Pool) {}

  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
    return run<R>(this.pool, sql, params);
  }

  async exec(sql: string): Promise<void> {
    await this.transaction((tx) => tx.exec(sql));
  }

  async transaction<T>(fn: (tx: ScriptDb) => Promise<T>, opts?: TransactionOptions): Promise<T> {
    const client = await this.pool.connect();
    let broken = false;
    try {
      await client.query(beginStatement(opts?.clinicIds));
      const result = await fn(new PgTx(client));
      await client.query('COMMIT');
      return result;
    } catch (err) {
      try {
        await client.query('ROLLBACK');
      } catch {
        // A connection that cannot roll back is not returned to the pool.
        broken = true;
      }
      throw err;
    } finally {
      client.release(broken);
    }
  }
}

/** Replaces the user (and password) of a connection URL, keeping host, port, database and options. */
export function urlForRole(ownerUrl: string, role: string, password?: string): string {
  const u = new URL(ownerUrl);
  u.username = role;
  u.password = password ?? '';
  return u.toString();
}

export interface PostgresUrls {
  ownerUrl: string;
  appUrl?: string;
  ingestUrl?: string;
  analyticsUrl?: string;
  /** Password of the role logins when the URLs are derived from ownerUrl (development and tests). */
  rolePassword?: string;
}

/** One pool per role: the staff API and the intake listener never share a connection. */
export function openPostgres(urls: PostgresUrls, poolMax = 10): Databases {
  const url = (role: DbRole, explicit?: string) => explicit ?? urlForRole(urls.ownerUrl, ROLE_NAMES[role], urls.rolePassword);
  const pools: pg.Pool[] = [];
  const handle = (connectionString: string, max: number) => {
    const pool = new pg.Pool({ connectionString, max, application_name: 'palisade-portal' });
    // A connection the server ends must not end the process. The pool hears it
    // for idle clients only; a checked-out client (a transaction between two
    // statements) emits on itself, so every client gets a listener too. Its
    // transaction then fails on its next statement and the client is discarded.
    pool.on('error', () => undefined);
    pool.on('connect', (client) => client.on('error', () => undefined));
    pools.push(pool);
    return new PgPoolDb(pool);
  };
  return {
    kind: 'postgres',
    owner: handle(urls.ownerUrl, 2),
    app: handle(url('app', urls.appUrl), poolMax),
    ingest: handle(url('ingest', urls.ingestUrl), poolMax),
    analytics: handle(url('analytics', urls.analyticsUrl), 2),
    close: async () => {
      await Promise.all(pools.map((p) => p.end()));
    },
  };
}
