import { ChainVerifier, type ChainFailureReason } from '@palisade/protocol';
import type { Db } from '../db/types';
import { toBuffer, toDate, toNumber } from '../db/values';
import { AUDIT_EVENT_COLUMNS, type StoredAuditEvent } from './row';
import { canonicalAuditRow } from './writer';

export type AuditVerifyResult =
  | { ok: true; count: number; head: string | null; lastSeq: number | null }
  | { ok: false; brokenAt: number; reason: ChainFailureReason; count: number };

interface Row extends StoredAuditEvent {
  prev_hash: unknown;
  hash: unknown;
}

/**
 * Walks the whole audit table in seq order, in batches, and names the first
 * row whose content, link or position does not match the chain (an edited
 * row: hash-mismatch; a deleted one: seq-gap on the row after it; reordered
 * or re-linked rows: prev-mismatch or seq-gap).
 */
export async function verifyAuditChain(db: Db, batchSize = 1000): Promise<AuditVerifyResult> {
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
      const failure = verifier.push({
        seq,
        prevHash: toBuffer(r.prev_hash),
        hash: toBuffer(r.hash),
        row: canonicalAuditRow({
          seq,
          at: toDate(r.at),
          event: r.event,
          outcome: r.outcome,
          actorType: r.actor_type,
          actorId: r.actor_id,
          action: r.action,
          resourceType: r.resource_type,
          resourceId: r.resource_id,
          clinicId: r.clinic_id,
          ip: r.ip,
          requestId: r.request_id,
          service: r.service,
          detail: r.detail,
        }),
      });
      if (failure) return { ok: false, brokenAt: failure.brokenAt, reason: failure.reason, count: failure.count };
      after = seq;
    }
    if (rows.length < batchSize) break;
  }
  const result = verifier.result();
  if (!result.ok) return { ok: false, brokenAt: result.brokenAt, reason: result.reason, count: result.count };
  return { ok: true, count: result.count, head: result.count ? result.head.toString('hex') : null, lastSeq: result.lastSeq ?? null };
}
