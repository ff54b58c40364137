import { chainHash, GENESIS_HASH } from '@palisade/protocol';
import type { Logger } from 'pino';
import type { Clock } from '../clock';
import type { Db } from '../db/types';
import { toBuffer } from '../db/values';
import { CheckpointRefused, writeCheckpoint, type Checkpoint } from './checkpoint';
import type { CheckpointSigner } from './checkpoint-key';
import { AUDIT_EVENT_COLUMNS, canonicalStoredRow, type StoredAuditEvent } from './row';
import { AUDIT_CHAIN_LOCK, onAuditAppend } from './writer';

export interface AuditChainerOptions {
  clock: Clock;
  logger?: Pick<Logger, 'error' | 'warn' | 'debug'>;
  /** How often the loop looks for work (default 200 ms); it only queries when an append woke it or the idle sweep is due. */
  intervalMs?: number;
  /** Rows chained per transaction (default 500). */
  batchSize?: number;
  /** Rows of other processes (the CLI, another portal) are picked up at least this often (default 5 s). */
  idleSweepMs?: number;
  /** Signed checkpoints of the head; omitted: none are written. */
  checkpoints?: { signer: CheckpointSigner; dir: string; everySeconds: number };
}

interface PendingRow extends StoredAuditEvent {
  id: unknown;
}

/**
 * Links committed audit rows into the hash chain, off the request path. Requests
 * only INSERT their event (appendAudit); this chainer, in its own transaction on
 * the owner handle and under the advisory lock (one chainer at a time across
 * every process on the database), takes committed unchained rows in id order,
 * gives them the next seq and their hashes, and UPDATEs them in batches.
 *
 * Never call flush() inside a transaction: on PGlite (one connection) it would
 * wait for the transaction that is waiting for it.
 */
export class AuditChainer {
  readonly checkpointDir: string | undefined;
  private readonly batchSize: number;
  private readonly intervalMs: number;
  private readonly idleSweepMs: number;
  private tail: Promise<unknown> = Promise.resolve();
  private queued: Promise<number> | null = null;
  private dirty = true;
  private lastRun = 0;
  private lastCheckpoint: number;
  /** Until this process has signed a head, the first rows it chains are signed on the next tick, not an interval later. */
  private signedOnce = false;
  private chainedAny = false;
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private stopped = false;

  constructor(
    private readonly owner: Db,
    private readonly opts: AuditChainerOptions,
  ) {
    this.batchSize = opts.batchSize ?? 500;
    this.intervalMs = opts.intervalMs ?? 200;
    this.idleSweepMs = opts.idleSweepMs ?? 5000;
    this.checkpointDir = opts.checkpoints?.dir;
    this.lastCheckpoint = opts.clock.now().getTime();
  }

  /** Chains what a crash left behind, signs the head, then keeps chaining in the background. */
  async start(): Promise<void> {
    this.unsubscribe = onAuditAppend(() => {
      this.dirty = true;
    });
    await this.flush();
    // A restart (or a crash) leaves the head of the previous run: sign it now rather than after the first interval.
    await this.checkpoint().catch((err: unknown) => this.opts.logger?.warn({ err }, 'audit checkpoint not written at startup'));
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  /** Graceful shutdown: chains everything committed so far and writes a last checkpoint. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.unsubscribe?.();
    await this.flush();
    await this.checkpoint();
  }

  /** One loop step (the interval calls it; tests call it after moving the clock). */
  async tick(): Promise<void> {
    const now = this.opts.clock.now().getTime();
    const idle = Date.now() - this.lastRun >= this.idleSweepMs;
    try {
      if (this.dirty || idle) await this.flush();
      const cp = this.opts.checkpoints;
      if (cp && (now - this.lastCheckpoint >= cp.everySeconds * 1000 || (this.chainedAny && !this.signedOnce))) await this.checkpoint();
    } catch (err) {
      if (err instanceof CheckpointRefused) this.opts.logger?.error({ seq: err.seq, reason: err.reason }, 'audit chain does not match its last signed checkpoint');
      // The rows stay pending and are chained on the next tick; nothing is lost.
      else this.opts.logger?.warn({ err }, 'audit chaining failed; will retry');
    }
  }

  /**
   * Resolves once every row committed before the call is chained. Runs are
   * serialized in this process; a call made while one runs queues one more run
   * (which sees rows the running one may have missed).
   */
  flush(): Promise<number> {
    if (this.queued) return this.queued;
    const run = async (): Promise<number> => {
      this.queued = null;
      this.dirty = false;
      this.lastRun = Date.now();
      let total = 0;
      for (;;) {
        const n = await this.chainBatch();
        total += n;
        if (n > 0) this.chainedAny = true;
        if (n < this.batchSize) return total;
      }
    };
    const next = this.tail.then(run, run);
    this.queued = next;
    this.tail = next.catch(() => {
      this.dirty = true;
    });
    return next;
  }

  /** Signs and stores the head now (skipped when it has not moved since the last checkpoint). */
  async checkpoint(): Promise<Checkpoint | null> {
    const cp = this.opts.checkpoints;
    if (!cp) return null;
    this.lastCheckpoint = this.opts.clock.now().getTime();
    const written = await writeCheckpoint(this.owner, cp.signer, cp.dir, this.opts.clock.now());
    if (written) {
      this.signedOnce = true;
      this.opts.logger?.debug({ seq: written.seq, kid: written.kid }, 'audit checkpoint written');
    }
    return written;
  }

  /** Chains up to batchSize committed pending rows in one transaction; returns how many. */
  private async chainBatch(): Promise<number> {
    return this.owner.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
      // Read after the lock: every row another chainer linked before releasing it is visible now.
      const pending = await tx.query<PendingRow>(
        `SELECT id, ${AUDIT_EVENT_COLUMNS} FROM audit_events WHERE seq IS NULL ORDER BY id LIMIT $1`,
        [this.batchSize],
      );
      if (pending.rows.length === 0) return 0;
      const head = await tx.query<{ seq: unknown; hash: unknown }>(
        `SELECT seq, hash FROM audit_events WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1`,
      );
      let seq = head.rows[0] ? Number(head.rows[0].seq) : 0;
      let prev: Buffer = head.rows[0] ? toBuffer(head.rows[0].hash) : GENESIS_HASH;
      const ids: string[] = [];
      const seqs: string[] = [];
      const prevs: string[] = [];
      const hashes: string[] = [];
      for (const r of pending.rows) {
        seq += 1;
        const hash = chainHash(prev, canonicalStoredRow(r, seq));
        ids.push(String(r.id));
        seqs.push(String(seq));
        prevs.push(prev.toString('hex'));
        hashes.push(hash.toString('hex'));
        prev = hash;
      }
      await tx.query(
        `UPDATE audit_events a SET seq = v.seq, prev_hash = decode(v.prev, 'hex'), hash = decode(v.hash, 'hex')
           FROM (SELECT unnest($1::text[])::bigint AS id, unnest($2::text[])::bigint AS seq,
                        unnest($3::text[]) AS prev, unnest($4::text[]) AS hash) v
          WHERE a.id = v.id AND a.seq IS NULL`,
        [ids, seqs, prevs, hashes],
      );
      return pending.rows.length;
    });
  }
}
