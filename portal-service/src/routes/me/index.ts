import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authOf } from '../../plugins/app/access-control';

const Me = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  stage: z.enum(['password', 'mfa']),
  roles: z.array(z.object({ role: z.enum(['admin', 'clinician', 'front-desk', 'auditor']), clinicId: z.string().nullable() })),
  csrfToken: z.string(),
  session: z.object({ idleExpiresAt: z.string(), absoluteExpiresAt: z.string() }),
});

const meRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get('/', {
    config: { access: 'session' },
    schema: { tags: ['me'], summary: 'Who am I, my roles per clinic, my CSRF token and when my session ends', response: { 200: Me } },
  }, async (request) => {
    const { staff, session, policy, csrfToken } = authOf(request);
    const idleMs = app.identity.options.session.idleSeconds * 1000;
    const idleEnds = Math.min(session.lastSeenAt.getTime() + idleMs, session.expiresAt.getTime());
    return {
      id: staff.id,
      email: staff.email,
      name: staff.displayName,
      stage: session.stage,
      // Until the second factor passes, a session only learns which step it is at.
      roles: session.stage === 'mfa' ? policy.principal.grants.map((g) => ({ role: g.role, clinicId: g.clinicId })) : [],
      csrfToken,
      session: { idleExpiresAt: new Date(idleEnds).toISOString(), absoluteExpiresAt: session.expiresAt.toISOString() },
    };
  });
};

export default meRoutes;
