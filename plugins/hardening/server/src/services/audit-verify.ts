import type { Core } from '@strapi/strapi';
import { ChainVerifier } from '@palisade/protocol';
import { hashedPart, type StoredAuditRow } from '../audit/record';
import { readAnchor } from '../audit/store';

export type VerifyReport =
  | { ok: true; count: number; head: string | null; lastSeq: number | null; startsAfter: number | null }
  | { ok: false; brokenAt: number; reason: 'prev-mismatch' | 'hash-mismatch' | 'seq-gap'; count: number; startsAfter: number | null; message: string };

const REASONS = {
  'prev-mismatch': 'does not link to the row before it (a row was removed or changed before it)',
  'hash-mismatch': 'was changed after it was written',
  'seq-gap': 'follows a gap in the sequence (rows are missing before it)',
} as const;

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** Walks the whole trail in order and names the first row that breaks the chain. */
  async verify(): Promise<VerifyReport> {
    const anchor = await readAnchor(strapi);
    const verifier = new ChainVerifier<number>(anchor ? { seq: anchor.seq, hash: Buffer.from(anchor.hash, 'hex') } : undefined);
    const audit = strapi.plugin('hardening').service('audit') as { rows(filter: object, afterSeq: number): AsyncGenerator<StoredAuditRow> };
    // Rows at or before the anchor are leftovers of an interrupted purge: the anchor already vouches for them.
    for await (const r of audit.rows({}, anchor?.seq ?? 0)) {
      const failure = verifier.push({ seq: Number(r.seq), prevHash: Buffer.from(r.prevHash, 'hex'), hash: Buffer.from(r.hash, 'hex'), row: hashedPart(r) });
      if (failure) {
        return {
          ok: false,
          brokenAt: failure.brokenAt,
          reason: failure.reason,
          count: failure.count,
          startsAfter: anchor?.seq ?? null,
          message: `Audit row #${failure.brokenAt} ${REASONS[failure.reason]}.`,
        };
      }
    }
    const result = verifier.result();
    if (!result.ok) throw new Error('unreachable: verifier failed without a failing row');
    return { ok: true, count: result.count, head: result.count > 0 ? result.head.toString('hex') : null, lastSeq: result.lastSeq ?? null, startsAfter: anchor?.seq ?? null };
  },
});
