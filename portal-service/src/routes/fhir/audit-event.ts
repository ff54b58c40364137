import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AUDIT_EVENT_COLUMNS } from '../../audit/row';
import { toAuditEvent, type AuditRow } from '../../fhir/audit-event';
import type { AuditPort } from '../../fhir/audit-port';
import { searchset } from '../../fhir/bundle';
import { FHIR_JSON } from '../../fhir/constants';
import { parseDateParam } from '../../fhir/search-params';
import { callerOf } from './gate';

const Query = z.strictObject({
  date: z.union([z.string().max(40), z.array(z.string().max(40)).max(4)]).optional(),
  subtype: z.string().regex(/^[a-z][a-z0-9.-]{0,63}$/).optional(),
  agent: z.string().max(200).optional(),
  _count: z.coerce.number().int().min(1).max(200).default(100),
  _cursor: z.string().regex(/^\d{1,19}$/).optional(),
  _format: z.enum(['json', 'application/json', 'application/fhir+json']).optional(),
});

/**
 * The audit trail as R4 AuditEvents, newest first, for auditors only (the gate
 * refuses everyone else, and no client scope reaches it). Rows hold no PHI.
 * Reading the trail is itself audited (`audit.search`).
 */
export function auditEventRoutes(audit: AuditPort): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const base = app.config.publicUrl.replace(/\/+$/, '');

    app.get('/AuditEvent', {
      config: { fhir: { resource: 'AuditEvent', interaction: 'search' } },
      schema: { tags: ['fhir'], summary: 'Search the audit trail (auditors): date, subtype (event code), agent (actor id)', querystring: Query },
    }, async (request, reply) => {
      const caller = callerOf(request);
      const q = request.query;
      const date = parseDateParam('date', q.date);
      const where: string[] = [];
      const params: unknown[] = [];
      const add = (sql: string, value: unknown) => {
        params.push(value);
        where.push(sql.replaceAll('?', `$${params.length}`));
      };
      if (date.from) add('at >= ?', date.from);
      if (date.to) add('at < ?', date.to);
      if (q.subtype) add('event = ?', q.subtype);
      if (q.agent) add('actor_id = ?', q.agent);
      if (q._cursor) add('seq < ?::bigint', q._cursor);
      where.push('seq IS NOT NULL'); // only chained rows have a place in the trail; the flush below chains everything committed so far
      params.push(q._count + 1);
      const sql = `SELECT ${AUDIT_EVENT_COLUMNS}
                   FROM audit_events WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT $${params.length}`;
      await app.auditChain.flush();
      const rows = await app.db.transaction(async (tx) => {
        const res = await tx.query<AuditRow>(sql, params);
        await audit(tx, {
          event: 'audit.search',
          outcome: 'success',
          actorType: caller.actorType,
          actorId: caller.actorId,
          action: 'R',
          resourceType: 'audit',
          ip: request.ip,
          requestId: String(request.id),
          detail: { via: 'fhir', count: Math.min(res.rows.length, q._count), filters: (['date', 'subtype', 'agent', '_cursor'] as const).filter((k) => q[k] !== undefined).map((k) => k.replace('_', '')) },
        });
        return res.rows;
      });
      const page = rows.slice(0, q._count);
      const last = page[page.length - 1];
      let next: string | undefined;
      if (rows.length > q._count && last) {
        const url = new URL(`${base}${request.url}`);
        url.searchParams.set('_cursor', String(last.seq));
        next = url.toString();
      }
      const resources = page.map((row) => toAuditEvent(row, { publicUrl: base }));
      return reply.type(FHIR_JSON).send(searchset({ resources, self: `${base}${request.url}`, next, base: `${base}/fhir`, now: app.clock.now() }));
    });
  };
}
