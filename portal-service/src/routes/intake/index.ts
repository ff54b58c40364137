import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ReceiptSchema, RejectionSchema } from '@palisade/protocol';
import { IntakeHandler } from './handler';

/**
 * The 422 problem body. `rejection` is present only for a final reason
 * (sealed-box no held key opens, form-mismatch): signed by the receipt key, it
 * lets the CMS delete its copy. Any other 422 leaves the row queued.
 */
const UnprocessableSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.literal(422),
  detail: z.string().optional(),
  reason: z.string().optional(),
  rejection: RejectionSchema.optional(),
});

/**
 * The internal intake route, registered only on the intake listener. Its own
 * scope accepts only application/json and keeps the body as the exact bytes
 * received: the signature's Content-Digest covers those bytes, not a re-encoding.
 */
const intakeRoutes: FastifyPluginAsync = async (app) => {
  const handler = new IntakeHandler({
    db: app.db,
    keys: app.keys,
    clock: app.clock,
    audit: app.audit,
    auditRow: app.auditRow,
    cmsKeys: app.config.cmsKeys,
  });

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: app.config.intakeMaxBytes }, (_req, body, done) => done(null, body));

  app.withTypeProvider<ZodTypeProvider>().post(
    '/internal/intake',
    {
      bodyLimit: app.config.intakeMaxBytes,
      schema: {
        hide: true,
        response: { 200: ReceiptSchema, 201: ReceiptSchema, 422: UnprocessableSchema },
      },
    },
    async (request, reply) => {
      const host = request.headers.host ?? `${app.config.intakeHost}:${app.config.intakePort}`;
      const outcome = await handler.handle({
        method: request.method,
        url: `http://${host}${request.url}`,
        headers: request.headers,
        body: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
        meta: { ip: request.ip, requestId: String(request.id) },
      });
      return reply.code(outcome.status).send(outcome.receipt);
    },
  );
};

export default intakeRoutes;
