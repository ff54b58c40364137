/**
 * The database seam of the portal. Every repository, route and CLI command talks
 * to one of these handles, never to `pg` or PGlite directly, so the same SQL runs
 * on PostgreSQL in production and on the embedded PGlite in development and tests.
 */

export interface QueryResult<R> {
  rows: R[];
  rowCount: number;
}

export interface TransactionOptions {
  /**
   * Clinics the current principal may see. Set per transaction as
   * `app.clinic_ids` (comma-separated uuids) for PostgreSQL row-level security
   * on submissions. Omitted or empty: the RLS policies see no clinic at all.
   */
  clinicIds?: readonly string[];
}

export interface Db {
  /** One statement with positional parameters ($1, $2, ...). Outside a transaction it runs on its own. */
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
  /**
   * Runs `fn` in one transaction; commits when it resolves, rolls back when it
   * throws (and rethrows). `tx` must be used for every statement of the unit.
   * Nested calls on `tx` join the outer transaction.
   */
  transaction<T>(fn: (tx: Db) => Promise<T>, opts?: TransactionOptions): Promise<T>;
}

/**
 * The owner handle can also run multi-statement scripts (migrations). Not for
 * request handling: the listeners never see this handle.
 */
export interface ScriptDb extends Db {
  exec(sql: string): Promise<void>;
  transaction<T>(fn: (tx: ScriptDb) => Promise<T>, opts?: TransactionOptions): Promise<T>;
}

/** Database roles of the health database; each handle is connected as (or SET ROLE to) one. */
export type DbRole = 'owner' | 'app' | 'ingest' | 'analytics';

export const ROLE_NAMES: Record<DbRole, string> = {
  owner: 'portal_owner',
  app: 'portal_app',
  ingest: 'portal_ingest',
  analytics: 'portal_analytics',
};

/**
 * One handle per role. The staff listener only gets `app`, the intake listener
 * only `ingest`; the CLI uses `owner` for migrations and administration.
 */
export interface Databases {
  owner: ScriptDb;
  app: Db;
  ingest: Db;
  analytics: Db;
  kind: 'postgres' | 'pglite';
  close(): Promise<void>;
}
