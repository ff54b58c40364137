import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { forbidden } from '../../access/http-errors';
import { toNumber } from '../../db/values';
import { authOf } from '../../plugins/app/access-control';
import { requestMeta } from '../../plugins/app/identity';

const Summary = z.object({
  clinics: z.array(z.object({ clinicId: z.string(), newCount: z.number().int(), unreadCount: z.number().int() })),
});

/**
 * The inbox's counters: per clinic I may list, how many submissions are new
 * and how many I have not opened. Counts only, scoped exactly like the list
 * (the policy's clinics in the WHERE clause and as the row-level-security
 * setting), and audited like a list.
 */
const inboxSummaryRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db, audit } = app.identity.deps;

  app.get('/inbox-summary', {
    config: { access: 'submission:list' },
    schema: { tags: ['ui'], summary: 'Counts of new and unread submissions per clinic', response: { 200: Summary } },
  }, async (request) => {
    const { policy, staff } = authOf(request);
    const allowed = policy.clinicsFor('submission:list');
    if (allowed.length === 0) throw forbidden();
    return db.transaction(
      async (tx) => {
        const res = await tx.query<{ clinic_id: string; new_count: unknown; unread_count: unknown }>(
          `SELECT c.id AS clinic_id,
                  count(s.id) FILTER (WHERE s.status = 'new') AS new_count,
                  count(s.id) FILTER (WHERE r.staff_id IS NULL AND s.id IS NOT NULL) AS unread_count
           FROM unnest($1::uuid[]) AS c(id)
           LEFT JOIN submissions s ON s.clinic_id = c.id
           LEFT JOIN submission_reads r ON r.submission_id = s.id AND r.staff_id = $2
           GROUP BY c.id ORDER BY c.id`,
          [allowed, staff.id],
        );
        await audit(
          tx,
          { event: 'submission.list', outcome: 'success', actorType: 'staff', actorId: staff.id, action: 'R', resourceType: 'submission', clinicId: allowed.length === 1 ? allowed[0] : null, detail: { view: 'counts', clinics: allowed.length } },
          requestMeta(request),
        );
        return { clinics: res.rows.map((r) => ({ clinicId: r.clinic_id, newCount: toNumber(r.new_count), unreadCount: toNumber(r.unread_count) })) };
      },
      { clinicIds: allowed },
    );
  });
};

export default inboxSummaryRoutes;
