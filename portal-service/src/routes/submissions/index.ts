import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { submissionsOf } from '../../plugins/app/access-control';

const Status = z.enum(['new', 'in-review', 'done']);
const Uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'must be a lowercase uuid');

const Summary = z.object({
  id: z.string(),
  form: z.string(),
  clinicId: z.string(),
  receivedAt: z.string(),
  status: Status,
  assigneeId: z.string().nullable(),
});

const ListQuery = z.strictObject({
  status: Status.optional(),
  form: z.string().regex(/^[a-z0-9][a-z0-9-]{0,127}$/).optional(),
  clinic: Uuid.optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

const AnswerValue = z.union([z.string(), z.array(z.string()), z.boolean()]);
const Field = z.union([
  z.object({ key: z.string(), label: z.string(), masked: z.literal(true), reason: z.literal('hidden for your role') }),
  z.object({ key: z.string(), label: z.string(), value: AnswerValue }),
]);

const View = Summary.extend({ formTitle: z.string(), formVersion: z.string(), submittedAt: z.string(), fields: z.array(Field) });

const Patch = z
  .strictObject({ status: Status.optional(), assigneeId: Uuid.nullable().optional() })
  .refine((p) => p.status !== undefined || p.assigneeId !== undefined, 'give a status or an assigneeId');

const submissionRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get('/', {
    config: { access: 'submission:list' },
    schema: {
      tags: ['submissions'],
      summary: 'Inbox: metadata only, newest first, cursor-paginated',
      querystring: ListQuery,
      response: { 200: z.object({ items: z.array(Summary.extend({ unread: z.boolean() })), nextCursor: z.string().nullable() }) },
    },
  }, async (request) => {
    const q = request.query;
    return submissionsOf(request).list({
      status: q.status,
      form: q.form,
      clinicId: q.clinic,
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
      cursor: q.cursor,
      limit: q.limit,
    });
  });

  app.get('/:id', {
    config: { access: 'submission:read' },
    schema: { tags: ['submissions'], summary: 'One submission, decrypted now, masked for your role', params: z.object({ id: Uuid }), response: { 200: View } },
  }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return submissionsOf(request).read(request.params.id);
  });

  app.patch('/:id', {
    config: { access: 'submission:update' },
    schema: { tags: ['submissions'], summary: 'Status and assignee', params: z.object({ id: Uuid }), body: Patch, response: { 200: Summary } },
  }, async (request) => submissionsOf(request).update(request.params.id, request.body));
};

export default submissionRoutes;
