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
  /** How long after being chained an id bounds the background scan from below (default 10 s); see recentFloor(). */
  floorLagMs?: number;
  /** The background loop scans the whole pending queue at least this often (default 60 s). */
  fullSweepMs?: number;
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
  private readonly floorLagMs: number;
  private readonly fullSweepMs: number;
  private tail: Promise<unknown> = Promise.resolve();
  private queued: Promise<number> | null = null;
  /** Whether the queued run must scan the whole queue (a flush() asked for it). */
  private queuedComplete = false;
  private lastFullSweep = 0;
  /** (when, highest id chained by that run), oldest first: where recentFloor() comes from. */
  private marks: { at: number; maxId: bigint }[] = [];
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
    this.floorLagMs = opts.floorLagMs ?? 10_000;
    this.fullSweepMs = opts.fullSweepMs ?? 60_000;
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
    const fullDue = Date.now() - this.lastFullSweep >= this.fullSweepMs;
    try {
      if (this.dirty || idle || fullDue) await this.run(fullDue);
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
    return this.run(true);
  }

  /**
   * The lowest id the background scan needs to look above. Chaining UPDATEs a
   * pending row, and the dead version keeps its entry in the pending index
   * until VACUUM removes it: with autovacuum late (or off), a scan from the
   * start of the queue walks every row ever chained and slows down as the log
   * grows. Identity values are handed out in order (the column's sequence
   * has no per-session cache, migration 080), so an id at or below one
   * chained at time T was handed out before T; once T is floorLagMs old, such
   * a row can still be pending only if its transaction has been open that
   * long. Those rare rows are caught by the full sweep (fullSweepMs) and by
   * every flush(), which audit reads call.
   */
  private recentFloor(): bigint {
    const cutoff = Date.now() - this.floorLagMs;
    let floor = 0n;
    while (this.marks.length > 0 && this.marks[0]!.at <= cutoff) {
      const mark = this.marks.shift()!;
      if (mark.maxId > floor) floor = mark.maxId;
    }
    if (floor > 0n) this.marks.unshift({ at: cutoff, maxId: floor });
    return floor;
  }

  private run(complete: boolean): Promise<number> {
    if (complete) this.queuedComplete = true;
    if (this.queued) return this.queued;
    const run = async (): Promise<number> => {
      this.queued = null;
      const full = this.queuedComplete;
      this.queuedComplete = false;
      this.dirty = false;
      this.lastRun = Date.now();
      if (full) this.lastFullSweep = this.lastRun;
      const floor = full ? 0n : this.recentFloor();
      let total = 0;
      let maxId = 0n;
      for (;;) {
        const batch = await this.chainBatch(floor);
        total += batch.count;
        if (batch.maxId > maxId) maxId = batch.maxId;
        if (batch.count > 0) this.chainedAny = true;
        if (batch.count < this.batchSize) break;
      }
      if (maxId > 0n) this.marks.push({ at: Date.now(), maxId });
      return total;
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

  /** Chains up to batchSize committed pending rows with an id above floor, in one transaction. */
  private async chainBatch(floor: bigint): Promise<{ count: number; maxId: bigint }> {
    return this.owner.transaction(async (tx) => {
      // The plan setting rides on the lock's round trip: a plain index scan
      // marks the dead entries it passes so the next scan skips them, where a
      // bitmap scan (chosen on stale statistics) visits every one each time.
      await tx.query(`SELECT pg_advisory_xact_lock($1), set_config('enable_bitmapscan', 'off', true)`, [AUDIT_CHAIN_LOCK]);
      // Read after the lock: every row another chainer linked before releasing it is visible now.
      const pending = await tx.query<PendingRow>(
        `SELECT id, ${AUDIT_EVENT_COLUMNS} FROM audit_events WHERE seq IS NULL AND id > $1 ORDER BY id LIMIT $2`,
        [floor.toString(), this.batchSize],
      );
      if (pending.rows.length === 0) return { count: 0, maxId: 0n };
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
      return { count: pending.rows.length, maxId: BigInt(ids[ids.length - 1]!) };
    });
  }
}
