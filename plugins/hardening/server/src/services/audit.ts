import type { Core } from '@strapi/strapi';
import { chainHash, GENESIS_HASH } from '@palisade/protocol';
import { toRow, type AuditInput, type StoredAuditRow } from '../audit/record';
import { AuditWriter, type AuditFact } from '../audit/writer';
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

/** A buffered API-token fact is written within this time; reads, exports and verification flush first. */
const FLUSH_MS = 1_000;
const BATCH_MAX = 200;
const HIGH_WATER = 5_000;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const now = () => (strapi.plugin('hardening').service('clock') as { now(): Date }).now();

  /** Chains and inserts the facts in one statement after the current head (or the retention anchor). */
  async function appendOnce(facts: AuditFact[]): Promise<StoredAuditRow[]> {
    const [last] = (await auditQuery(strapi).findMany({ select: ['seq', 'hash'], orderBy: { seq: 'desc' }, limit: 1 })) as Array<{ seq: number; hash: string }>;
    const anchor = last ? undefined : await readAnchor(strapi);
    let seq = last ? Number(last.seq) : anchor ? anchor.seq : 0;
    let prev = last ? Buffer.from(last.hash, 'hex') : anchor ? Buffer.from(anchor.hash, 'hex') : GENESIS_HASH;
    const stored = facts.map(({ input, at }) => {
      const row = toRow(input, (seq += 1), at);
      const hash = chainHash(prev, row);
      const out = { ...row, prevHash: prev.toString('hex'), hash: hash.toString('hex') };
      prev = hash;
      return out;
    });
    await auditQuery(strapi).createMany({ data: stored });
    return stored;
  }

  // Across instances the unique seq makes a racing insert fail; the next try chains after the winner.
  async function append(facts: AuditFact[]): Promise<StoredAuditRow[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await appendOnce(facts);
      } catch (err) {
        if (attempt >= 5) throw err;
      }
    }
  }

  const writer = new AuditWriter({
    append,
    flushMs: FLUSH_MS,
    batchMax: BATCH_MAX,
    highWater: HIGH_WATER,
    onError: (err, kept) =>
      strapi.log.error(`[hardening] audit write failed (${kept} buffered record(s) kept for the next try): ${err instanceof Error ? err.message : String(err)}`),
  });

  return {
    /** Appends one record to the chain, after every fact buffered before it. Resolves once it is stored. */
    async record(input: AuditInput): Promise<StoredAuditRow> {
      // Inside a caller's transaction (SQLite has one connection) the record joins it instead of waiting for the writer.
      if (strapi.db.inTransaction()) return (await append([{ input, at: now() }]))[0]!;
      return writer.record({ input, at: now() });
    },

    /** Records without letting a storage failure break the caller's request; the failure is logged. */
    async safeRecord(input: AuditInput): Promise<void> {
      try {
        await this.record(input);
      } catch (err) {
        strapi.log.error(`[hardening] audit record failed for ${input.action}: ${err instanceof Error ? err.message : String(err)}`);
      }
    },

    /**
     * Queues a record off the request path (API-token use): written in a batch
     * within a second, before any read, export or verification of the trail, and
     * at shutdown. Never throws; a failed write keeps the facts and logs.
     */
    async buffer(input: AuditInput): Promise<void> {
      await writer.buffer({ input, at: now() });
    },

    /** Writes every buffered record now. */
    flush(): Promise<void> {
      return writer.flush();
    },

    /** At shutdown: writes what is buffered; later records are written at once. */
    close(): Promise<void> {
      return writer.close();
    },

    async list(filter: AuditFilter, page = 1, pageSize = 50): Promise<{ results: StoredAuditRow[]; pagination: { page: number; pageSize: number; total: number } }> {
      const size = Math.min(Math.max(1, pageSize), 200);
      const where = whereOf(filter);
      await writer.flush();
      const [rows, total] = await Promise.all([
        auditQuery(strapi).findMany({ where, orderBy: { seq: 'desc' }, offset: (Math.max(1, page) - 1) * size, limit: size }),
        auditQuery(strapi).count({ where }),
      ]);
      return { results: (rows as Array<Record<string, unknown>>).map(clean), pagination: { page, pageSize: size, total: Number(total) } };
    },

    /** Every matching record in chain order, in batches, for export and verification. */
    async *rows(filter: AuditFilter = {}, afterSeq = 0, batch = 500): AsyncGenerator<StoredAuditRow> {
      await writer.flush();
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
