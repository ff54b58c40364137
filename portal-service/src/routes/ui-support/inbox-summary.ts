import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { submissionsOf } from '../../plugins/app/access-control';

const Summary = z.object({
  clinics: z.array(z.object({ clinicId: z.string(), newCount: z.number().int(), unreadCount: z.number().int() })),
});

/**
 * The inbox's counters: per clinic I may list, how many submissions are new
 * and how many I have not opened. Counted by the SubmissionRepository, so the
 * policy's clinics, row-level security and the audit row are the list's own.
 */
const inboxSummaryRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get('/inbox-summary', {
    config: { access: 'submission:list' },
    schema: { tags: ['ui'], summary: 'Counts of new and unread submissions per clinic', response: { 200: Summary } },
  }, async (request) => ({ clinics: await submissionsOf(request).counts() }));
};

export default inboxSummaryRoutes;
