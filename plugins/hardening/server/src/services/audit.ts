import type { Core } from '@strapi/strapi';
import { chainHash, GENESIS_HASH } from '@palisade/protocol';
import { toRow, type AuditInput, type StoredAuditRow } from '../audit/record';
import { auditQuery, readAnchor } from '../audit/store';

export interface AuditFilter {
  action?: string;
  actorType?: string;
  actorId?: string;
  subject?: string;
  targetId?: string;
  outcome?: string;
  from?: string;
  to?: string;
}

const FIELDS = ['seq', 'at', 'actorType', 'actorId', 'action', 'subject', 'targetId', 'ip', 'outcome', 'status', 'prevHash', 'hash'];

export function whereOf(f: AuditFilter): Record<string, unknown> {
  const where: Record<string, unknown> = {};
  if (f.action) where.action = { $startsWith: f.action };
  for (const k of ['actorType', 'actorId', 'subject', 'targetId', 'outcome'] as const) if (f[k]) where[k] = f[k];
  if (f.from || f.to) where.at = { ...(f.from ? { $gte: f.from } : {}), ...(f.to ? { $lte: f.to } : {}) };
  return where;
}

const clean = (r: Record<string, unknown>): StoredAuditRow => Object.fromEntries(FIELDS.map((k) => [k, r[k] ?? null])) as StoredAuditRow;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  // Appends are serialized in this process; across instances the unique seq makes a racing insert fail and retry.
  let queue: Promise<unknown> = Promise.resolve();
  const now = () => (strapi.plugin('hardening').service('clock') as { now(): Date }).now();

  async function appendOnce(input: AuditInput): Promise<StoredAuditRow> {
    const [last] = (await auditQuery(strapi).findMany({ select: ['seq', 'hash'], orderBy: { seq: 'desc' }, limit: 1 })) as Array<{ seq: number; hash: string }>;
    const anchor = last ? undefined : await readAnchor(strapi);
    const seq = last ? Number(last.seq) + 1 : anchor ? anchor.seq + 1 : 1;
    const prev = last ? Buffer.from(last.hash, 'hex') : anchor ? Buffer.from(anchor.hash, 'hex') : GENESIS_HASH;
    const row = toRow(input, seq, now());
    const stored = { ...row, prevHash: prev.toString('hex'), hash: chainHash(prev, row).toString('hex') };
    await auditQuery(strapi).create({ data: stored });
    return stored;
  }

  async function append(input: AuditInput): Promise<StoredAuditRow> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await appendOnce(input);
      } catch (err) {
        if (attempt >= 5) throw err;
      }
    }
  }

  return {
    /** Appends one record to the chain. Resolves once it is stored. */
    record(input: AuditInput): Promise<StoredAuditRow> {
      const result = queue.then(() => append(input));
      queue = result.catch(() => undefined);
      return result;
    },

    /** Records without letting a storage failure break the caller's request; the failure is logged. */
    async safeRecord(input: AuditInput): Promise<void> {
      try {
        await this.record(input);
      } catch (err) {
        strapi.log.error(`[hardening] audit record failed for ${input.action}: ${err instanceof Error ? err.message : String(err)}`);
      }
    },

    async list(filter: AuditFilter, page = 1, pageSize = 50): Promise<{ results: StoredAuditRow[]; pagination: { page: number; pageSize: number; total: number } }> {
      const size = Math.min(Math.max(1, pageSize), 200);
      const where = whereOf(filter);
      const [rows, total] = await Promise.all([
        auditQuery(strapi).findMany({ where, orderBy: { seq: 'desc' }, offset: (Math.max(1, page) - 1) * size, limit: size }),
        auditQuery(strapi).count({ where }),
      ]);
      return { results: (rows as Array<Record<string, unknown>>).map(clean), pagination: { page, pageSize: size, total: Number(total) } };
    },

    /** Every matching record in chain order, in batches, for export and verification. */
    async *rows(filter: AuditFilter = {}, afterSeq = 0, batch = 500): AsyncGenerator<StoredAuditRow> {
      let after = afterSeq;
      for (;;) {
        const rows = (await auditQuery(strapi).findMany({
          where: { ...whereOf(filter), seq: { $gt: after } },
          orderBy: { seq: 'asc' },
          limit: batch,
        })) as Array<Record<string, unknown>>;
        for (const r of rows) yield clean(r);
        if (rows.length < batch) return;
        after = Number(rows[rows.length - 1]?.seq);
      }
    },
  };
};
