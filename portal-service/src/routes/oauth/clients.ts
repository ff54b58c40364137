import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { badRequest, notFound } from '../../access/http-errors';
import { listClients, registerClient, RegistrationError, revokeClient, type EhrClient } from '../../ehr/clients';
import { authOf } from '../../plugins/app/access-control';
import { requestMeta } from '../../plugins/app/identity';

const Client = z.object({
  id: z.string(),
  clinicId: z.string(),
  name: z.string(),
  scopes: z.array(z.string()),
  answerScope: z.enum(['all', 'contact-only']),
  keyIds: z.array(z.string()),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
  tokenUrl: z.string(),
  fhirBaseUrl: z.string(),
});

/**
 * Admin registration of EHR clients, behind the staff API's access gate
 * (session, CSRF, `staff:manage`): a client is a principal like staff.
 * Public keys go in; only their key ids come back out.
 */
const ehrClientRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db, audit, clock } = app.identity.deps;
  const base = app.config.publicUrl.replace(/\/+$/, '');
  const view = (c: EhrClient) => ({
    id: c.id,
    clinicId: c.clinicId,
    name: c.name,
    scopes: c.scopes,
    answerScope: c.answerScope,
    keyIds: c.jwks.keys.map((k) => k.kid ?? '(no kid)'),
    createdAt: c.createdAt.toISOString(),
    revokedAt: c.revokedAt?.toISOString() ?? null,
    tokenUrl: `${base}/oauth/token`,
    fhirBaseUrl: `${base}/fhir`,
  });

  app.get('/', {
    config: { access: 'staff:manage' },
    schema: { tags: ['admin'], summary: 'Registered EHR clients', response: { 200: z.object({ items: z.array(Client) }) } },
  }, async (request) =>
    db.transaction(async (tx) => {
      const clients = await listClients(tx);
      await audit(tx, { event: 'admin.ehr-client.list', outcome: 'success', actorType: 'staff', actorId: authOf(request).staff.id, action: 'R', resourceType: 'ehr-client', detail: { count: clients.length } }, requestMeta(request));
      return { items: clients.map(view) };
    }),
  );

  app.post('/', {
    config: { access: 'staff:manage' },
    schema: {
      tags: ['admin'],
      summary: 'Register an EHR client for a clinic: SMART system scopes and its public JWK (or JWK Set)',
      body: z.strictObject({
        clinic: z.string().min(1).max(64),
        name: z.string().min(1).max(200),
        scopes: z.union([z.string().max(500), z.array(z.string().max(100)).max(20)]),
        jwks: z.record(z.string(), z.unknown()),
        answerScope: z.enum(['all', 'contact-only']).default('all'),
      }),
      response: { 201: Client },
    },
  }, async (request, reply) => {
    const body = request.body;
    const staffId = authOf(request).staff.id;
    const client = await db
      .transaction(async (tx) => {
        const created = await registerClient(tx, {
          clinic: body.clinic,
          name: body.name,
          scopes: typeof body.scopes === 'string' ? body.scopes.split(/\s+/).filter(Boolean) : body.scopes,
          jwks: body.jwks,
          answerScope: body.answerScope,
          createdBy: staffId,
          now: clock.now(),
        });
        await audit(tx, {
          event: 'admin.ehr-client.register',
          outcome: 'success',
          actorType: 'staff',
          actorId: staffId,
          action: 'C',
          resourceType: 'ehr-client',
          resourceId: created.id,
          clinicId: created.clinicId,
          detail: { scopes: created.scopes, visibility: created.answerScope, keys: created.jwks.keys.length },
        }, requestMeta(request));
        return created;
      })
      .catch((err: unknown) => {
        throw err instanceof RegistrationError ? badRequest(err.message) : err;
      });
    return reply.code(201).send(view(client));
  });

  app.post('/:id/revoke', {
    config: { access: 'staff:manage' },
    schema: { tags: ['admin'], summary: 'Revoke an EHR client and its live tokens at once', params: z.object({ id: z.uuid() }), response: { 200: Client } },
  }, async (request) => {
    const staffId = authOf(request).staff.id;
    const client = await db.transaction(async (tx) => {
      const revoked = await revokeClient(tx, request.params.id, clock.now());
      if (revoked) {
        await audit(tx, { event: 'admin.ehr-client.revoke', outcome: 'success', actorType: 'staff', actorId: staffId, action: 'U', resourceType: 'ehr-client', resourceId: revoked.id, clinicId: revoked.clinicId }, requestMeta(request));
      }
      return revoked;
    });
    if (!client) throw notFound('No such EHR client.');
    return view(client);
  });
};

export default ehrClientRoutes;
