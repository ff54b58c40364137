import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';

const KeySetDocumentSchema = z.strictObject({
  payload: z.strictObject({
    keys: z.array(z.strictObject({ kid: z.string(), publicKey: z.string(), notAfter: z.string().nullable() })),
    current: z.string(),
    issuedAt: z.string(),
  }),
  signingKey: z.string(),
  sig: z.string(),
});

/**
 * GET /intake/keys: the signed intake key set for browsers on the public site.
 * Cross-origin reads are allowed for the configured site origins only; the
 * document is public but short-lived in caches so a rotation spreads fast.
 */
const keySetRoutes: FastifyPluginAsync = async (app) => {
  const origins = new Set(app.config.siteOrigins);

  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    reply.header('vary', 'Origin');
    if (typeof origin === 'string' && origins.has(origin)) {
      reply.header('access-control-allow-origin', origin);
      reply.header('cross-origin-resource-policy', 'cross-origin');
    }
  });

  app.options('/intake/keys', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const origin = request.headers.origin;
    if (typeof origin === 'string' && origins.has(origin)) {
      reply.header('access-control-allow-methods', 'GET');
      reply.header('access-control-max-age', '600');
    }
    return reply.code(204).send();
  });

  app.withTypeProvider<ZodTypeProvider>().get(
    '/intake/keys',
    {
      config: { access: 'public' },
      schema: {
        summary: 'The signed intake key set (browsers verify it against the pinned fingerprint)',
        tags: ['intake'],
        response: { 200: KeySetDocumentSchema },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=60');
      return app.keys.keySetDocument();
    },
  );
};

export default keySetRoutes;
