import type { Core } from '@strapi/strapi';
import { auditQuery, writeAnchor } from '../audit/store';
import { pluginConfig } from '../utils/plugin-config';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /**
   * Deletes records older than the retention period. The last deleted row
   * becomes the anchor verification starts from, so the rest still verifies.
   */
  async purge(now: Date): Promise<{ deleted: number; upToSeq: number | null }> {
    const cutoff = new Date(now.getTime() - pluginConfig(strapi).audit.retentionDays * 86_400_000).toISOString();
    const [last] = (await auditQuery(strapi).findMany({ where: { at: { $lt: cutoff } }, select: ['seq', 'hash'], orderBy: { seq: 'desc' }, limit: 1 })) as Array<{
      seq: number;
      hash: string;
    }>;
    if (!last) return { deleted: 0, upToSeq: null };
    const upToSeq = Number(last.seq);
    // The anchor is written first: a crash between the two steps leaves extra rows, never an unverifiable trail.
    await writeAnchor(strapi, { seq: upToSeq, hash: last.hash });
    const { count } = (await auditQuery(strapi).deleteMany({ where: { seq: { $lte: upToSeq } } })) as { count: number };
    await strapi.plugin('hardening').service('audit').safeRecord({
      actorType: 'system',
      action: 'audit.retention.purge',
      subject: 'plugin::hardening.audit-event',
      targetId: `${count} records up to #${upToSeq}`,
      outcome: 'success',
    });
    return { deleted: count, upToSeq };
  },
});
