import type { AuditInput, StoredAuditRow } from './record';

/** One thing to record, with the time it happened (not the time it is stored). */
export interface AuditFact {
  input: AuditInput;
  at: Date;
}

interface Entry extends AuditFact {
  /** Present for `record`: its caller waits for the stored row. */
  settle?: { resolve(row: StoredAuditRow): void; reject(err: unknown): void };
}

export interface AuditWriterDeps {
  /** Appends the facts to the chain in this order, in one write; resolves with the stored rows. */
  append(facts: AuditFact[]): Promise<StoredAuditRow[]>;
  /** Longest time a buffered fact waits before its batch is written. */
  flushMs: number;
  /** Facts per write; a full batch is written at once. */
  batchMax: number;
  /** Buffered facts beyond which `buffer` waits for the write (backpressure instead of unbounded memory). */
  highWater: number;
  /** A write failed; `kept` buffered facts stay queued for the next one. */
  onError(err: unknown, kept: number): void;
}

/**
 * The single writer of the hash chain in this process. `record` appends and
 * waits (admin actions, sign-ins); `buffer` queues a fact off the request path
 * (every API-token call) for a batch written within `flushMs`. One chain of
 * writes keeps the order: a record is stored after every fact buffered before
 * it. Buffered facts survive a failed write and are retried; only a hard crash
 * of the process can lose them, at most `flushMs` worth.
 */
export class AuditWriter {
  private pending: Entry[] = [];
  private writes: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly deps: AuditWriterDeps) {}

  /** Queues a fact; resolves at once unless the queue is over its high-water mark or the writer is closed. */
  async buffer(fact: AuditFact): Promise<void> {
    this.pending.push(fact);
    if (this.closed || this.pending.length >= this.deps.highWater) return this.flush();
    if (this.pending.length >= this.deps.batchMax) void this.flush();
    else this.schedule();
  }

  /** Appends a fact after everything buffered before it; resolves with its stored row. */
  record(fact: AuditFact): Promise<StoredAuditRow> {
    const stored = new Promise<StoredAuditRow>((resolve, reject) => this.pending.push({ ...fact, settle: { resolve, reject } }));
    void this.flush();
    return stored;
  }

  /** Resolves once every fact queued before the call was written, or its write failed (logged, facts kept). */
  flush(): Promise<void> {
    const run = this.writes.then(() => this.drain());
    this.writes = run;
    return run;
  }

  /** Writes what is queued; later facts are written as they come (shutdown: the server may still answer a few requests). */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  get queued(): number {
    return this.pending.length;
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => void this.flush(), this.deps.flushMs);
    this.timer.unref();
  }

  private async drain(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, this.deps.batchMax);
      let rows: StoredAuditRow[];
      try {
        rows = await this.deps.append(batch);
      } catch (err) {
        // Waiting callers learn of the failure; buffered facts go back to the front, in order.
        for (const e of batch) e.settle?.reject(err);
        const kept = batch.filter((e) => !e.settle);
        this.pending.unshift(...kept);
        this.deps.onError(err, kept.length);
        if (this.pending.length > 0) this.schedule();
        return;
      }
      batch.forEach((e, i) => e.settle?.resolve(rows[i]!));
    }
  }
}
