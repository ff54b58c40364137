import { ChainVerifier, type ChainFailureReason } from '@palisade/protocol';
import type { Db } from '../db/types';
import { toBuffer, toDate, toNumber } from '../db/values';
import { checkCheckpoint, type CheckpointFailure } from './checkpoint';
import { AUDIT_EVENT_COLUMNS, canonicalStoredRow, type StoredAuditEvent } from './row';

/** The last signed checkpoint as the verifier found it (null in the result: none written yet for this chain). */
export interface CheckpointReport {
  seq: number;
  head: string;
  at: string;
  kid: string;
  /** Its signature is good under its kid and the row at its seq still carries exactly its head. */
  verified: boolean;
}

/** Rows appended but not yet linked by the chainer (callers flush first, so normally only the last instant's). */
export interface UnchainedReport {
  count: number;
  oldestAgeSeconds: number | null;
}

export type AuditFailureReason = ChainFailureReason | CheckpointFailure;

export type AuditVerifyResult =
  | { ok: true; count: number; head: string | null; lastSeq: number | null; unchained: UnchainedReport; checkpoint: CheckpointReport | null }
  | { ok: false; brokenAt: number; reason: AuditFailureReason; count: number; unchained: UnchainedReport; checkpoint: CheckpointReport | null };

export interface VerifyOptions {
  batchSize?: number;
  /** Where the signed checkpoints are; omitted: no checkpoint is checked. */
  checkpointDir?: string;
  /** For the age of the oldest unchained row. */
  now?: Date;
}

interface Row extends StoredAuditEvent {
  prev_hash: unknown;
  hash: unknown;
}

async function unchainedReport(db: Db, now: Date): Promise<UnchainedReport> {
  const { rows } = await db.query<{ n: unknown; oldest: unknown }>(
    `SELECT count(*) AS n, min(at) AS oldest FROM audit_events WHERE seq IS NULL`,
  );
  const r = rows[0];
  const count = r ? toNumber(r.n) : 0;
  const oldest = r?.oldest ? toDate(r.oldest) : null;
  return { count, oldestAgeSeconds: oldest ? Math.max(0, Math.round((now.getTime() - oldest.getTime()) / 1000)) : null };
}

/**
 * Walks the chained rows in seq order, in batches, and names the first row
 * whose content, link or position does not match the chain (an edited row:
 * hash-mismatch; a deleted one: seq-gap on the row after it; reordered or
 * re-linked rows: prev-mismatch or seq-gap). Then checks the last signed
 * checkpoint (rows cut off the end, a rebuilt chain, an edited checkpoint file)
 * and reports rows not yet chained. Flush the chainer first.
 */
export async function verifyAuditChain(db: Db, options: number | VerifyOptions = {}): Promise<AuditVerifyResult> {
  const opts: VerifyOptions = typeof options === 'number' ? { batchSize: options } : options;
  const batchSize = opts.batchSize ?? 1000;
  const unchained = await unchainedReport(db, opts.now ?? new Date());
  const verifier = new ChainVerifier<number>();
  let after = -1;
  for (;;) {
    const { rows } = await db.query<Row>(
      `SELECT ${AUDIT_EVENT_COLUMNS}, prev_hash, hash
         FROM audit_events WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [after, batchSize],
    );
    for (const r of rows) {
      const seq = toNumber(r.seq);
      const failure = verifier.push({ seq, prevHash: toBuffer(r.prev_hash), hash: toBuffer(r.hash), row: canonicalStoredRow(r, seq) });
      if (failure) return { ok: false, brokenAt: failure.brokenAt, reason: failure.reason, count: failure.count, unchained, checkpoint: null };
      after = seq;
    }
    if (rows.length < batchSize) break;
  }
  const result = verifier.result();
  if (!result.ok) return { ok: false, brokenAt: result.brokenAt, reason: result.reason, count: result.count, unchained, checkpoint: null };

  const cp = opts.checkpointDir ? await checkCheckpoint(db, opts.checkpointDir) : null;
  const checkpoint: CheckpointReport | null = cp?.checkpoint
    ? { seq: cp.checkpoint.seq, head: cp.checkpoint.head, at: cp.checkpoint.at, kid: cp.checkpoint.kid, verified: cp.ok }
    : null;
  if (cp && !cp.ok) {
    return { ok: false, brokenAt: cp.seq ?? (result.lastSeq ?? 0) + 1, reason: cp.reason, count: result.count, unchained, checkpoint };
  }
  return { ok: true, count: result.count, head: result.count ? result.head.toString('hex') : null, lastSeq: result.lastSeq ?? null, unchained, checkpoint };
}
