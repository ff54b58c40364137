import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { conflict } from '../../access/http-errors';
import { authOf } from '../../plugins/app/access-control';
import { requestMeta } from '../../plugins/app/identity';

const Clinic = z.object({ id: z.string(), code: z.string(), name: z.string() });

const clinicRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db, audit, clock } = app.identity.deps;

  app.get('/', {
    config: { access: 'clinic:manage' },
    schema: { tags: ['admin'], summary: 'All clinics', response: { 200: z.object({ items: z.array(Clinic) }) } },
  }, async (request) =>
    db.transaction(async (tx) => {
      const res = await tx.query<{ id: string; code: string; name: string }>(`SELECT id, code, name FROM clinics ORDER BY code`);
      await audit(tx, { event: 'admin.clinic.list', outcome: 'success', actorType: 'staff', actorId: authOf(request).staff.id, action: 'R', resourceType: 'clinic', detail: { count: res.rows.length } }, requestMeta(request));
      return { items: res.rows };
    }),
  );

  app.post('/', {
    config: { access: 'clinic:manage' },
    schema: {
      tags: ['admin'],
      summary: 'Add a clinic',
      body: z.strictObject({ code: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lowercase letters, digits and dashes, 2 to 63 characters'), name: z.string().trim().min(1).max(200) }),
      response: { 201: Clinic },
    },
  }, async (request, reply) => {
    const clinic = await db.transaction(async (tx) => {
      const id = randomUUID();
      const res = await tx.query(`INSERT INTO clinics (id, code, name, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO NOTHING`, [id, request.body.code, request.body.name, clock.now()]);
      if (res.rowCount === 0) throw conflict('A clinic with that code already exists.');
      await audit(tx, { event: 'admin.clinic.create', outcome: 'success', actorType: 'staff', actorId: authOf(request).staff.id, action: 'C', resourceType: 'clinic', resourceId: id, clinicId: id }, requestMeta(request));
      return { id, code: request.body.code, name: request.body.name };
    });
    reply.code(201);
    return clinic;
  });
};

export default clinicRoutes;
