import { GENESIS_HASH } from '@palisade/protocol';
import type { Db } from '../db/types';
import type { ChainCheck } from './restore';

const BATCH = 1000;

/**
 * The part of the audit chain a restore can check without the writer's row
 * encoding: sequence numbers run 1..n with no gap and each row's prev_hash is
 * the previous row's hash, starting from the genesis hash. The portal's full
 * verifier (which also recomputes every hash) runs on top when it is wired in.
 */
export const chainLinkage: ChainCheck = async (db: Db) => {
  let prev = GENESIS_HASH.toString('hex');
  let expectSeq: bigint | undefined;
  let count = 0;
  for (;;) {
    const res = await db.query<{ seq: string; prev: string; hash: string }>(
      `SELECT seq::text AS seq, encode(prev_hash, 'hex') AS prev, encode(hash, 'hex') AS hash FROM audit_events
       WHERE seq IS NOT NULL AND ($1::bigint IS NULL OR seq >= $1::bigint) ORDER BY audit_events.seq LIMIT ${BATCH}`,
      [expectSeq === undefined ? null : expectSeq.toString()],
    );
    for (const row of res.rows) {
      const seq = BigInt(row.seq);
      if (expectSeq !== undefined && seq !== expectSeq) return { ok: false, detail: `seq-gap at row ${row.seq} (expected ${expectSeq})` };
      if (row.prev !== prev) return { ok: false, detail: `prev-mismatch at row ${row.seq}` };
      prev = row.hash;
      expectSeq = seq + 1n;
      count++;
    }
    if (res.rows.length < BATCH) return { ok: true, count };
  }
};
