import { verifyAuditChain } from '../audit/verify';
import type { Db } from '../db/types';
import type { ChainCheck } from './restore';

/** The portal's full chain verifier (every hash recomputed from row 1), in the shape restore expects. */
export const fullChainCheck: ChainCheck = async (db: Db) => {
  const r = await verifyAuditChain(db);
  return r.ok ? { ok: true, count: r.count } : { ok: false, detail: `${r.reason} at row #${r.brokenAt}` };
};
