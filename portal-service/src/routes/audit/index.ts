import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { badRequest } from '../../access/http-errors';
import { AUDIT_EVENT_COLUMNS, type StoredAuditEvent } from '../../audit/row';
import { verifyAuditChain } from '../../audit/verify';
import { toDate } from '../../db/values';
import { authOf } from '../../plugins/app/access-control';
import { requestMeta } from '../../plugins/app/identity';

const Row = z.object({
  seq: z.string(),
  at: z.string(),
  event: z.string(),
  outcome: z.string(),
  actorType: z.string(),
  actorId: z.string().nullable(),
  action: z.string(),
  resourceType: z.string().nullable(),
  resourceId: z.string().nullable(),
  clinicId: z.string().nullable(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
  service: z.string(),
  detail: z.record(z.string(), z.unknown()),
});

const Checkpoint = z.object({
  seq: z.number().int(),
  head: z.string(),
  at: z.string(),
  kid: z.string(),
  verified: z.boolean(),
});

const Query = z.strictObject({
  actor: z.string().max(200).optional(),
  event: z.string().max(100).optional(),
  resource: z.string().max(200).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  cursor: z.string().regex(/^\d{1,19}$/).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});


const auditRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db, audit } = app.identity.deps;

  app.get('/', {
    config: { access: 'audit:search' },
    schema: {
      tags: ['audit'],
      summary: 'Search the audit log, newest first (cursor = the last seq you saw)',
      querystring: Query,
      response: { 200: z.object({ items: z.array(Row), nextCursor: z.string().nullable() }) },
    },
  }, async (request) => {
    const q = request.query;
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replaceAll('?', `$${params.length}`));
    };
    if (q.actor) add('actor_id = ?', q.actor);
    if (q.event) add('event = ?', q.event);
    if (q.resource) {
      // "submission:<id>" narrows by type too; a bare value matches the id.
      const [type, id] = q.resource.includes(':') ? q.resource.split(':', 2) : [undefined, q.resource];
      if (type) add('resource_type = ?', type);
      if (!id) throw badRequest('resource must be "<type>:<id>" or an id.');
      add('resource_id = ?', id);
    }
    if (q.from) add('at >= ?', new Date(q.from));
    if (q.to) add('at < ?', new Date(q.to));
    if (q.cursor) add('seq < ?::bigint', q.cursor);
    // Rows appended after the flush below are not chained yet; they show on the next search.
    where.push('seq IS NOT NULL');
    params.push(q.limit + 1);
    const sql = `SELECT ${AUDIT_EVENT_COLUMNS}
                 FROM audit_events WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT $${params.length}`;
    // Everything committed before this request is chained (and so searchable) first; outside the transaction (PGlite has one connection).
    await app.auditChain.flush();
    return db.transaction(async (tx) => {
      const res = await tx.query<StoredAuditEvent>(sql, params);
      const rows = res.rows.slice(0, q.limit);
      await audit(tx, {
        event: 'audit.search',
        outcome: 'success',
        actorType: 'staff',
        actorId: authOf(request).staff.id,
        action: 'R',
        resourceType: 'audit',
        detail: { count: rows.length, filters: (['actor', 'event', 'resource', 'from', 'to', 'cursor'] as const).filter((k) => q[k] !== undefined) },
      }, requestMeta(request));
      const last = rows[rows.length - 1];
      return {
        items: rows.map((r) => ({
          seq: String(r.seq),
          at: toDate(r.at).toISOString(),
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
          detail: r.detail && typeof r.detail === 'object' ? (r.detail as Record<string, unknown>) : {},
        })),
        nextCursor: res.rows.length > q.limit && last ? String(last.seq) : null,
      };
    });
  });

  app.get('/verify', {
    config: { access: 'audit:search' },
    schema: {
      tags: ['audit'],
      summary: 'Verify the whole audit chain from its first row and the last signed checkpoint; names the first broken row',
      response: {
        200: z.object({
          ok: z.boolean(),
          count: z.number().int(),
          head: z.string().nullable(),
          lastSeq: z.number().int().nullable(),
          brokenAt: z.number().int().nullable(),
          reason: z.string().nullable(),
          unchained: z.object({ count: z.number().int(), oldestAgeSeconds: z.number().int().nullable() }),
          checkpoint: Checkpoint.nullable(),
        }),
      },
    },
  }, async (request) => {
    await app.auditChain.flush();
    const result = await verifyAuditChain(db, { checkpointDir: app.auditChain.checkpointDir, now: app.identity.deps.clock.now() });
    // Recorded after the walk, so the row it adds is not part of what it vouched for.
    await db.transaction((tx) =>
      audit(tx, {
        event: 'audit.verify',
        outcome: result.ok ? 'success' : 'failure',
        actorType: 'staff',
        actorId: authOf(request).staff.id,
        action: 'R',
        resourceType: 'audit',
        detail: { count: result.count },
      }, requestMeta(request)),
    );
    const { unchained, checkpoint } = result;
    return result.ok
      ? { ok: true, count: result.count, head: result.head, lastSeq: result.lastSeq, brokenAt: null, reason: null, unchained, checkpoint }
      : { ok: false, count: result.count, head: null, lastSeq: null, brokenAt: result.brokenAt, reason: result.reason, unchained, checkpoint };
  });
};

export default auditRoutes;

