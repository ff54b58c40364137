import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HttpError, badRequest, conflict, notFound, unauthorized } from '../../access/http-errors';
import { toDate } from '../../db/values';
import { checkPasswordPolicy } from '../../identity/password-policy';
import { generateRecoveryCodes, hashRecoveryCode } from '../../identity/recovery-codes';
import { findStaffForUpdate, findTotp } from '../../identity/staff-store';
import { authOf } from '../../plugins/app/access-control';
import { requestMeta } from '../../plugins/app/identity';

const Uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'must be a lowercase uuid');
const SessionItem = z.object({ id: z.string(), current: z.boolean(), createdAt: z.string(), lastSeenAt: z.string(), ip: z.string().nullable(), userAgent: z.string().nullable() });

type Outcome<T> = { ok: true; value: T } | { ok: false; error: HttpError };

/**
 * "My account": my live sessions (and ending one), changing my password and
 * replacing my recovery codes. Wrong current passwords and wrong codes count
 * on the same failure counter as sign-in (the identity service's throttle),
 * so this page is no side door for guessing.
 */
const accountRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db, audit, clock, hasher } = app.identity.deps;
  const idleSeconds = app.identity.options.session.idleSeconds;

  app.get('/account/sessions', {
    config: { access: 'authenticated' },
    schema: { tags: ['ui'], summary: 'My signed-in sessions', response: { 200: z.object({ items: z.array(SessionItem) }) } },
  }, async (request) => {
    const { staff, session } = authOf(request);
    const now = clock.now();
    const res = await db.transaction((tx) =>
      tx.query<{ id: string; created_at: unknown; last_seen_at: unknown; ip: string | null; user_agent: string | null }>(
        `SELECT id, created_at, last_seen_at, ip, user_agent FROM sessions
         WHERE staff_id = $1 AND stage = 'mfa' AND revoked_at IS NULL AND expires_at > $2 AND last_seen_at > $3
         ORDER BY last_seen_at DESC`,
        [staff.id, now, new Date(now.getTime() - idleSeconds * 1000)],
      ),
    );
    return {
      items: res.rows.map((r) => ({ id: r.id, current: r.id === session.id, createdAt: toDate(r.created_at).toISOString(), lastSeenAt: toDate(r.last_seen_at).toISOString(), ip: r.ip, userAgent: r.user_agent })),
    };
  });

  app.delete('/account/sessions/:id', {
    config: { access: 'authenticated' },
    schema: { tags: ['ui'], summary: 'End one of my other sessions', params: z.object({ id: Uuid }), response: { 204: z.null() } },
  }, async (request, reply) => {
    const { staff, session } = authOf(request);
    if (request.params.id === session.id) throw conflict('This is the session you are using; use Sign out instead.');
    await db.transaction(async (tx) => {
      const res = await tx.query(`UPDATE sessions SET revoked_at = $3 WHERE id = $1 AND staff_id = $2 AND revoked_at IS NULL`, [request.params.id, staff.id, clock.now()]);
      if (res.rowCount === 0) throw notFound('No such session.');
      await audit(tx, { event: 'auth.session.revoked', outcome: 'success', actorType: 'staff', actorId: staff.id, action: 'E', resourceType: 'session', resourceId: request.params.id, detail: { reason: 'user' } }, requestMeta(request));
    });
    return reply.code(204).send(null);
  });

  app.post('/account/password', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['ui'],
      summary: 'Change my password (ends my other sessions)',
      body: z.strictObject({ currentPassword: z.string().min(1).max(4096), newPassword: z.string().min(1).max(4096) }),
      response: { 204: z.null() },
    },
  }, async (request, reply) => {
    const { session } = authOf(request);
    const meta = requestMeta(request);
    const outcome = await db.transaction(async (tx): Promise<Outcome<null>> => {
      const staff = await findStaffForUpdate(tx, session.staffId);
      if (!staff?.active || !staff.passwordHash) return { ok: false, error: unauthorized() };
      const gated = await app.identity.auth.gateFor(tx, staff, meta);
      if (gated) return { ok: false, error: gated };
      if (!(await hasher.verify(staff.passwordHash, request.body.currentPassword))) {
        const error = await app.identity.auth.failFor(tx, staff, meta, { event: 'auth.password.change-failure', outcome: 'failure', actorType: 'staff', actorId: staff.id, action: 'U', resourceType: 'staff', resourceId: staff.id, detail: { reason: 'bad-password' } }, 'Your current password is not correct.');
        return { ok: false, error };
      }
      const policy = checkPasswordPolicy(request.body.newPassword, { email: staff.email });
      if (!policy.ok) return { ok: false, error: badRequest(policy.message) };
      const now = clock.now();
      await tx.query(`UPDATE staff SET password_hash = $2, failed_attempts = 0, locked_until = NULL, updated_at = $3 WHERE id = $1`, [staff.id, await hasher.hash(request.body.newPassword), now]);
      // Whoever may know the old password loses every other session; this one stays.
      await tx.query(`UPDATE sessions SET revoked_at = $3 WHERE staff_id = $1 AND id <> $2 AND revoked_at IS NULL`, [staff.id, session.id, now]);
      await audit(tx, { event: 'auth.password.changed', outcome: 'success', actorType: 'staff', actorId: staff.id, action: 'U', resourceType: 'staff', resourceId: staff.id, detail: { via: 'account' } }, meta);
      return { ok: true, value: null };
    });
    if (!outcome.ok) throw outcome.error;
    return reply.code(204).send(null);
  });

  app.post('/account/recovery-codes', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['ui'],
      summary: 'Replace my recovery codes; confirmed with a current TOTP code',
      body: z.strictObject({ code: z.string().min(1).max(16) }),
      response: { 200: z.object({ recoveryCodes: z.array(z.string()).length(10) }) },
    },
  }, async (request) => {
    const { session } = authOf(request);
    const meta = requestMeta(request);
    const outcome = await db.transaction(async (tx): Promise<Outcome<string[]>> => {
      const staff = await findStaffForUpdate(tx, session.staffId);
      if (!staff?.active) return { ok: false, error: unauthorized() };
      const totp = await findTotp(tx, staff.id);
      if (!totp?.confirmed) return { ok: false, error: conflict('Set up your authenticator app first.') };
      const gated = await app.identity.auth.gateFor(tx, staff, meta);
      if (gated) return { ok: false, error: gated };
      const error = await app.identity.auth.checkTotpCode(tx, staff, session, totp, request.body.code, meta, {
        factor: 'totp-recovery-codes',
        message: 'That code is not valid. Enter the code your app shows now.',
      });
      if (error) return { ok: false, error };
      await tx.query(`DELETE FROM staff_recovery_codes WHERE staff_id = $1`, [staff.id]);
      const codes = generateRecoveryCodes();
      for (const code of codes) {
        await tx.query(`INSERT INTO staff_recovery_codes (id, staff_id, code_hash) VALUES ($1, $2, $3)`, [randomUUID(), staff.id, hashRecoveryCode(code)]);
      }
      await tx.query(`UPDATE staff SET failed_attempts = 0, locked_until = NULL WHERE id = $1`, [staff.id]);
      await audit(tx, { event: 'auth.recovery-codes.regenerated', outcome: 'success', actorType: 'staff', actorId: staff.id, action: 'U', resourceType: 'staff', resourceId: staff.id, detail: { recoveryCodes: codes.length } }, meta);
      return { ok: true, value: codes };
    });
    if (!outcome.ok) throw outcome.error;
    return { recoveryCodes: outcome.value };
  });
};

export default accountRoutes;
