import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ProblemError } from '../http/problem';

/** Liveness plus a one-statement database check on this listener's own handle. */
const healthRoutes: FastifyPluginAsync = async (app) => {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/healthz',
    {
      config: { access: 'public' },
      schema: { hide: true, response: { 200: z.object({ status: z.literal('ok') }) } },
    },
    async () => {
      try {
        await app.db.query('SELECT 1');
      } catch {
        throw new ProblemError('unavailable', 'The database is not reachable.');
      }
      return { status: 'ok' as const };
    },
  );
};

export default healthRoutes;
