import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { Readable } from 'node:stream';
import type { AuditFilter } from '../services/audit';

const FILTER_KEYS = ['action', 'actorType', 'actorId', 'subject', 'targetId', 'outcome', 'from', 'to'] as const;

function filterOf(query: Record<string, unknown>): AuditFilter {
  const f: AuditFilter = {};
  for (const k of FILTER_KEYS) {
    const v = query[k];
    if (typeof v === 'string' && v.length > 0 && v.length <= 128) f[k] = v;
  }
  return f;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const audit = () => strapi.plugin('hardening').service('audit');
  return {
    async list(ctx: Context) {
      const q = ctx.query as Record<string, unknown>;
      const page = Math.max(1, Number(q.page) || 1);
      const pageSize = Math.max(1, Math.min(200, Number(q.pageSize) || 50));
      ctx.body = await audit().list(filterOf(q), page, pageSize);
    },

    /** The (filtered) trail as JSON lines, streamed in chain order, hashes included so a copy can be verified elsewhere. */
    async export(ctx: Context) {
      const rows = audit().rows(filterOf(ctx.query as Record<string, unknown>)) as AsyncGenerator<object>;
      ctx.set('Content-Disposition', `attachment; filename="cms-audit-${new Date().toISOString().slice(0, 10)}.jsonl"`);
      ctx.set('Cache-Control', 'no-store');
      ctx.type = 'application/x-ndjson';
      ctx.body = Readable.from((async function* () {
        for await (const r of rows) yield `${JSON.stringify(r)}\n`;
      })());
    },

    async verify(ctx: Context) {
      ctx.body = { data: await strapi.plugin('hardening').service('audit-verify').verify() };
    },
  };
};
