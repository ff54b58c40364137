import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { conflict, notFound } from '../../access/http-errors';
import { ROLES } from '../../access/roles';
import { issueEnrollmentLink } from '../../identity/enrollment';
import { authOf } from '../../plugins/app/access-control';
import { requestMeta } from '../../plugins/app/identity';
import { createStaff } from './create';
import { listStaff, replaceGrants, resolveGrants } from './store';

const Uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'must be a lowercase uuid');
const Grant = z.object({ role: z.enum(ROLES), clinicId: z.string().nullable() });
const GrantInput = z.strictObject({ role: z.enum(ROLES), clinic: z.string().max(64).nullable().optional() });
const StaffItem = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  active: z.boolean(),
  locked: z.boolean(),
  passwordSet: z.boolean(),
  mfaEnrolled: z.boolean(),
  roles: z.array(Grant),
});
const Enrollment = z.object({ enrollmentLink: z.string(), expiresAt: z.string() });

const staffRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db, audit, clock, publicUrl } = app.identity.deps;
  const sessions = app.identity.deps.sessions;

  app.get('/', {
    config: { access: 'staff:manage' },
    schema: { tags: ['admin'], summary: 'All staff accounts', response: { 200: z.object({ items: z.array(StaffItem) }) } },
  }, async (request) => {
    const me = authOf(request).staff.id;
    return db.transaction(async (tx) => {
      const items = await listStaff(tx, clock.now(), app.identity.deps.lockoutThreshold);
      await audit(tx, { event: 'admin.staff.list', outcome: 'success', actorType: 'staff', actorId: me, action: 'R', resourceType: 'staff', detail: { count: items.length } }, requestMeta(request));
      return { items };
    });
  });

  app.post('/', {
    config: { access: 'staff:manage' },
    schema: {
      tags: ['admin'],
      summary: 'Invite a staff member; answers a one-time enrollment link',
      body: z.strictObject({ email: z.string().max(320), name: z.string().trim().min(1).max(200), roles: z.array(GrantInput).min(1).max(50) }),
      response: { 201: z.object({ id: z.string(), roles: z.array(Grant) }).extend(Enrollment.shape) },
    },
  }, async (request, reply) => {
    const me = authOf(request).staff.id;
    const created = await db.transaction(async (tx) => {
      const result = await createStaff(tx, request.body, { now: clock.now(), publicUrl });
      await audit(tx, { event: 'admin.staff.create', outcome: 'success', actorType: 'staff', actorId: me, action: 'C', resourceType: 'staff', resourceId: result.id, detail: { roles: result.grants.map((g) => g.role) } }, requestMeta(request));
      return result;
    });
    reply.code(201);
    return { id: created.id, roles: created.grants, enrollmentLink: created.link, expiresAt: created.expiresAt.toISOString() };
  });

  app.patch('/:id', {
    config: { access: 'staff:manage' },
    schema: {
      tags: ['admin'],
      summary: 'Change name or roles, deactivate or reactivate, unlock',
      params: z.object({ id: Uuid }),
      body: z
        .strictObject({ name: z.string().trim().min(1).max(200).optional(), roles: z.array(GrantInput).max(50).optional(), active: z.boolean().optional(), unlock: z.literal(true).optional() })
        .refine((b) => Object.keys(b).length > 0, 'nothing to change'),
      response: { 200: z.object({ id: z.string(), changed: z.array(z.string()) }) },
    },
  }, async (request) => {
    const me = authOf(request).staff.id;
    const { id } = request.params;
    const body = request.body;
    return db.transaction(async (tx) => {
      const found = await tx.query<{ active: boolean }>(`SELECT active FROM staff WHERE id = $1 AND kind = 'person' FOR UPDATE`, [id]);
      if (!found.rows[0]) throw notFound('No such staff member.');
      if (id === me && (body.active === false || (body.roles && !body.roles.some((r) => r.role === 'admin')))) {
        throw conflict('You cannot deactivate yourself or remove your own admin role; ask another administrator.');
      }
      const now = clock.now();
      const changed: string[] = [];
      if (body.name !== undefined) {
        await tx.query(`UPDATE staff SET display_name = $2, updated_at = $3 WHERE id = $1`, [id, body.name, now]);
        changed.push('name');
      }
      if (body.roles !== undefined) {
        await replaceGrants(tx, id, await resolveGrants(tx, body.roles));
        changed.push('roles');
      }
      if (body.unlock) {
        await tx.query(`UPDATE staff SET failed_attempts = 0, locked_until = NULL, updated_at = $2 WHERE id = $1`, [id, now]);
        changed.push('unlock');
      }
      if (body.active !== undefined) {
        await tx.query(`UPDATE staff SET active = $2, updated_at = $3 WHERE id = $1`, [id, body.active, now]);
        if (!body.active) await sessions.revokeAllFor(tx, id);
        changed.push(body.active ? 'reactivate' : 'deactivate');
      }
      const event = body.active === false ? 'admin.staff.deactivate' : 'admin.staff.update';
      await audit(tx, { event, outcome: 'success', actorType: 'staff', actorId: me, action: 'U', resourceType: 'staff', resourceId: id, detail: { changed } }, requestMeta(request));
      return { id, changed };
    });
  });

  app.post('/:id/reset-factor', {
    config: { access: 'staff:manage' },
    schema: {
      tags: ['admin'],
      summary: 'Remove the authenticator and recovery codes (and optionally the password); ends all sessions',
      params: z.object({ id: Uuid }),
      body: z.strictObject({ password: z.boolean().default(false) }).default({ password: false }),
      response: { 200: z.object({ id: z.string(), enrollmentLink: z.string().nullable(), expiresAt: z.string().nullable() }) },
    },
  }, async (request) => {
    const me = authOf(request).staff.id;
    const { id } = request.params;
    return db.transaction(async (tx) => {
      const found = await tx.query(`SELECT 1 FROM staff WHERE id = $1 AND kind = 'person' FOR UPDATE`, [id]);
      if (found.rowCount === 0) throw notFound('No such staff member.');
      const now = clock.now();
      await tx.query(`DELETE FROM staff_totp WHERE staff_id = $1`, [id]);
      await tx.query(`DELETE FROM staff_recovery_codes WHERE staff_id = $1`, [id]);
      await tx.query(`UPDATE staff SET failed_attempts = 0, locked_until = NULL, updated_at = $2 WHERE id = $1`, [id, now]);
      await sessions.revokeAllFor(tx, id);
      let enrollment: { link: string; expiresAt: Date } | null = null;
      if (request.body.password) {
        await tx.query(`UPDATE staff SET password_hash = NULL WHERE id = $1`, [id]);
        enrollment = await issueEnrollmentLink(tx, { staffId: id, now, publicUrl });
      }
      await audit(tx, { event: 'admin.staff.reset-factor', outcome: 'success', actorType: 'staff', actorId: me, action: 'U', resourceType: 'staff', resourceId: id, detail: { password: request.body.password } }, requestMeta(request));
      return { id, enrollmentLink: enrollment?.link ?? null, expiresAt: enrollment?.expiresAt.toISOString() ?? null };
    });
  });
};

export default staffRoutes;
