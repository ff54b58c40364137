import { Mutex } from './mutex';
import { PgliteThread } from './pglite-worker';
import { type Databases, type DbRole, type QueryResult, type ScriptDb, type TransactionOptions, ROLE_NAMES } from './types';
import { clinicIdsSetting } from './values';

/**
 * PGlite runs as its bootstrap superuser. To enforce the same grants and
 * row-level security as PostgreSQL, every statement of a role handle runs in a
 * transaction that starts with `SET LOCAL ROLE <role>`; the owner handle stays
 * the superuser, like the owner URL of a development PostgreSQL. PGlite is a
 * single connection, so transactions are serialized by one lock.
 */
class PgliteDb implements ScriptDb {
  constructor(
    private readonly pg: PgliteThread,
    private readonly mutex: Mutex,
    private readonly role: string | null,
  ) {}

  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
    return this.transaction((tx) => tx.query<R>(sql, params));
  }

  exec(sql: string): Promise<void> {
    return this.transaction((tx) => tx.exec(sql));
  }

  transaction<T>(fn: (tx: ScriptDb) => Promise<T>, opts?: TransactionOptions): Promise<T> {
    return this.mutex.run(async () => {
      await this.pg.exec('BEGIN');
      try {
        if (this.role) await this.pg.exec(`SET LOCAL ROLE ${this.role}`);
        const tx = new PgliteTx(this.pg);
        if (opts?.clinicIds) await tx.setClinics(opts.clinicIds);
        const result = await fn(tx);
        await this.pg.exec('COMMIT');
        return result;
      } catch (err) {
        await this.pg.exec('ROLLBACK');
        throw err;
      }
    });
  }
}

class PgliteTx implements ScriptDb {
  constructor(private readonly pg: PgliteThread) {}

  async query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
    const res = await this.pg.query(sql, params);
    return { rows: res.rows.map(localRow) as R[], rowCount: res.affectedRows || res.rows.length };
  }

  async exec(sql: string): Promise<void> {
    await this.pg.exec(sql);
  }

  async setClinics(ids: readonly string[]): Promise<void> {
    await this.pg.query(`SELECT set_config('app.clinic_ids', $1, true)`, [clinicIdsSetting(ids)]);
  }

  async transaction<T>(fn: (tx: ScriptDb) => Promise<T>, opts?: TransactionOptions): Promise<T> {
    if (opts?.clinicIds) await this.setClinics(opts.clinicIds);
    return fn(this);
  }
}

/**
 * Values arrive by structured clone, built in the main realm, which is not the
 * realm of code run inside a vm (jest): `instanceof Date` and prototype checks
 * would fail there. Rebuild them here, and give bytea as Buffer like
 * node-postgres does.
 */
function localValue(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (ArrayBuffer.isView(v)) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  if (Object.prototype.toString.call(v) === '[object Date]') return new Date((v as Date).getTime());
  if (Array.isArray(v)) return v.map(localValue);
  // json/jsonb objects: plain data, rebuilt so prototype checks (canonical JSON) accept them.
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = localValue(x);
  return out;
}

function localRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[k] = localValue(v);
  return out;
}

export async function openPglite(dataDir: string): Promise<Databases> {
  const pg = await PgliteThread.start(dataDir);
  const mutex = new Mutex();
  const handle = (role: DbRole) => new PgliteDb(pg, mutex, role === 'owner' ? null : ROLE_NAMES[role]);
  return {
    kind: 'pglite',
    owner: handle('owner'),
    app: handle('app'),
    ingest: handle('ingest'),
    analytics: handle('analytics'),
    close: () => mutex.run(() => pg.close()),
  };
}
