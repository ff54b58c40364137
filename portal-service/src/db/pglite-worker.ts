import { Worker } from 'node:worker_threads';

/**
 * PGlite lives in a worker thread: its WebAssembly Postgres does synchronous
 * work that would otherwise stall the HTTP listeners, and its loader calls
 * dynamic import(), which runners that evaluate modules in node:vm (jest,
 * electric-sql/pglite#224) refuse. The worker is plain JavaScript loaded by Node
 * itself, so both concerns disappear. Rows cross the thread boundary by
 * structured clone (Date, Uint8Array and JSON values survive unchanged).
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const done = (id, r) => parentPort.postMessage({ id, ok: true, rows: r ? r.rows : [], affectedRows: (r && r.affectedRows) || 0 });
const fail = (id, err) => parentPort.postMessage({ id, ok: false, error: {
  message: String((err && err.message) || err), code: err && err.code, detail: err && err.detail,
  constraint: err && err.constraint, table: err && err.table, column: err && err.column } });
(async () => {
  let db;
  try {
    const { PGlite } = require(workerData.modulePath);
    db = await PGlite.create(workerData.dataDir);
  } catch (err) { fail(0, err); return; }
  done(0);
  parentPort.on('message', async (msg) => {
    try {
      if (msg.op === 'query') done(msg.id, await db.query(msg.sql, msg.params));
      else if (msg.op === 'exec') { await db.exec(msg.sql); done(msg.id); }
      else if (msg.op === 'close') { await db.close(); done(msg.id); }
    } catch (err) { fail(msg.id, err); }
  });
})();
`;

interface Reply {
  id: number;
  ok: boolean;
  rows?: Record<string, unknown>[];
  affectedRows?: number;
  error?: { message: string; code?: string; detail?: string; constraint?: string; table?: string; column?: string };
}

/** A database error with the same fields node-postgres exposes (`code` is the SQLSTATE). */
export class PgliteError extends Error {
  code?: string;
  detail?: string;
  constraint?: string;
  table?: string;
  column?: string;

  constructor(e: NonNullable<Reply['error']>) {
    super(e.message);
    this.name = 'DatabaseError';
    Object.assign(this, { code: e.code, detail: e.detail, constraint: e.constraint, table: e.table, column: e.column });
  }
}

export interface RawResult {
  rows: Record<string, unknown>[];
  affectedRows: number;
}

/** The thread-side PGlite, one statement at a time. Callers serialize transactions themselves. */
export class PgliteThread {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: RawResult) => void; reject: (e: Error) => void }>();

  private constructor(private readonly worker: Worker) {
    worker.on('message', (reply: Reply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      if (reply.ok) p.resolve({ rows: reply.rows ?? [], affectedRows: reply.affectedRows ?? 0 });
      else p.reject(new PgliteError(reply.error ?? { message: 'PGlite failed' }));
    });
    worker.on('error', (err) => this.failAll(err));
    worker.on('exit', () => this.failAll(new Error('the PGlite worker stopped')));
  }

  static async start(dataDir: string): Promise<PgliteThread> {
    const modulePath = require.resolve('@electric-sql/pglite');
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { dataDir, modulePath } });
    const thread = new PgliteThread(worker);
    try {
      await new Promise<RawResult>((resolve, reject) => thread.pending.set(0, { resolve, reject }));
    } catch (err) {
      await worker.terminate();
      throw err;
    }
    return thread;
  }

  query(sql: string, params?: readonly unknown[]): Promise<RawResult> {
    return this.send({ op: 'query', sql, params: params ? [...params] : [] });
  }

  exec(sql: string): Promise<RawResult> {
    return this.send({ op: 'exec', sql });
  }

  async close(): Promise<void> {
    try {
      await this.send({ op: 'close' });
    } finally {
      await this.worker.terminate();
    }
  }

  private send(msg: Record<string, unknown>): Promise<RawResult> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...msg, id });
    });
  }

  private failAll(err: Error): void {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }
}
