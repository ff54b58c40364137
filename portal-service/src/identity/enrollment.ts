import { createHash, randomUUID } from 'node:crypto';
import type { RequestMeta } from '../access/audit-port';
import { HttpError, badRequest, conflict, unauthorized } from '../access/http-errors';
import type { Db } from '../db/types';
import { toDate } from '../db/values';
import type { AuthService } from './auth-service';
import { totpContext, type IdentityDeps } from './deps';
import { checkPasswordPolicy } from './password-policy';
import { generateRecoveryCodes, hashRecoveryCode } from './recovery-codes';
import type { IssuedSession, Session } from './sessions';
import { findStaffForUpdate, findTotp } from './staff-store';
import { randomToken } from './tokens';
import { newTotpSecret, svgDataUrl, totpQrSvg, totpUri } from './totp';

export const ENROLLMENT_LINK_HOURS = 72;

/** The column is text: the SHA-256 of the link token, hex. */
export function enrollmentTokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * A one-time link that lets a new (or reset) account set its password. Only the
 * hash is stored; the token lives in the URL fragment so it never reaches a
 * server log or a Referer header.
 */
export async function issueEnrollmentLink(tx: Db, opts: { staffId: string; now: Date; publicUrl: string }): Promise<{ link: string; expiresAt: Date }> {
  const token = randomToken();
  const expiresAt = new Date(opts.now.getTime() + ENROLLMENT_LINK_HOURS * 3600 * 1000);
  await tx.query(`UPDATE staff SET enrollment_token_hash = $2, enrollment_expires_at = $3, updated_at = $4 WHERE id = $1`, [
    opts.staffId,
    enrollmentTokenHash(token),
    expiresAt,
    opts.now,
  ]);
  return { link: `${opts.publicUrl.replace(/\/+$/, '')}/enroll#token=${token}`, expiresAt };
}

export interface TotpEnrollmentStart {
  otpauthUri: string;
  qrSvgDataUrl: string;
  secret: string;
}

export class EnrollmentService {
  constructor(
    private readonly deps: IdentityDeps,
    private readonly auth: AuthService,
  ) {}

  /** POST /api/auth/enrollment: sets the first password and opens a session that must enroll TOTP. */
  async enrollWithToken(token: string, password: string, meta: RequestMeta): Promise<IssuedSession> {
    const { db, clock, hasher, sessions, audit } = this.deps;
    const outcome = await db.transaction(async (tx): Promise<{ ok: true; issued: IssuedSession } | { ok: false; error: HttpError }> => {
      const found = await tx.query<{ id: string; email: string; active: boolean; enrollment_expires_at: unknown }>(
        `SELECT id, email, active, enrollment_expires_at FROM staff WHERE enrollment_token_hash = $1 FOR UPDATE`,
        [enrollmentTokenHash(token)],
      );
      const row = found.rows[0];
      const now = clock.now();
      if (!row || !row.active || row.enrollment_expires_at === null || toDate(row.enrollment_expires_at).getTime() <= now.getTime()) {
        await audit(tx, { event: 'auth.enrollment.failure', outcome: 'failure', actorType: row ? 'staff' : 'anonymous', actorId: row?.id ?? null, action: 'U', resourceType: 'staff', resourceId: row?.id, detail: { reason: row ? 'expired-or-inactive' : 'unknown-token' } }, meta);
        return { ok: false, error: unauthorized('This enrollment link is invalid or has expired. Ask an administrator for a new one.') };
      }
      const policy = checkPasswordPolicy(password, { email: row.email });
      // A refused password does not burn the link: the person simply tries another.
      if (!policy.ok) return { ok: false, error: badRequest(policy.message) };
      await tx.query(
        `UPDATE staff SET password_hash = $2, enrollment_token_hash = NULL, enrollment_expires_at = NULL, failed_attempts = 0, locked_until = NULL, updated_at = $3 WHERE id = $1`,
        [row.id, await hasher.hash(password), now],
      );
      await sessions.revokeAllFor(tx, row.id);
      const issued = await sessions.create(tx, { staffId: row.id, stage: 'password', ip: meta.ip, userAgent: meta.userAgent });
      await audit(tx, { event: 'auth.password.changed', outcome: 'success', actorType: 'staff', actorId: row.id, action: 'U', resourceType: 'staff', resourceId: row.id, detail: { via: 'enrollment-link' } }, meta);
      return { ok: true, issued };
    });
    if (!outcome.ok) throw outcome.error;
    return outcome.issued;
  }

  /** A fresh secret each time until one is confirmed; a confirmed factor is only replaced by an admin reset. */
  async startTotp(session: Session, meta: RequestMeta): Promise<TotpEnrollmentStart> {
    const { db, secrets, audit } = this.deps;
    return db.transaction(async (tx) => {
      const staff = await findStaffForUpdate(tx, session.staffId);
      if (!staff?.active) throw unauthorized();
      const existing = await findTotp(tx, staff.id);
      if (existing?.confirmed) throw conflict('An authenticator is already set up for this account. Sign in with its code.');
      const secret = newTotpSecret();
      const wrapped = await secrets.wrap(Buffer.from(secret, 'utf8'), totpContext(staff.id));
      await tx.query(
        `INSERT INTO staff_totp (staff_id, secret_wrapped, confirmed_at, last_used_step) VALUES ($1, $2, NULL, 0)
         ON CONFLICT (staff_id) DO UPDATE SET secret_wrapped = EXCLUDED.secret_wrapped, confirmed_at = NULL, last_used_step = 0`,
        [staff.id, Buffer.from(wrapped)],
      );
      await audit(tx, { event: 'auth.mfa.enrollment-started', outcome: 'success', actorType: 'staff', actorId: staff.id, action: 'C', resourceType: 'staff', resourceId: staff.id }, meta);
      const otpauthUri = totpUri(secret, staff.email);
      return { otpauthUri, qrSvgDataUrl: svgDataUrl(await totpQrSvg(otpauthUri)), secret };
    });
  }

  /** The first valid code confirms the factor, ends the password stage and yields the recovery codes, once. */
  async confirmTotp(session: Session, code: string, meta: RequestMeta): Promise<{ issued: IssuedSession; recoveryCodes: string[] }> {
    const { db, clock, audit } = this.deps;
    const outcome = await db.transaction(async (tx): Promise<{ ok: true; issued: IssuedSession; recoveryCodes: string[] } | { ok: false; error: HttpError }> => {
      const staff = await findStaffForUpdate(tx, session.staffId);
      if (!staff?.active) return { ok: false, error: unauthorized() };
      const totp = await findTotp(tx, staff.id);
      if (!totp) return { ok: false, error: conflict('Start the authenticator setup first.') };
      if (totp.confirmed) return { ok: false, error: conflict('An authenticator is already set up for this account. Sign in with its code.') };
      const gate = await this.auth.gateFor(tx, staff, meta);
      if (gate) return { ok: false, error: gate };
      const now = clock.now();
      const confirm = async (step: number) =>
        (await tx.query(`UPDATE staff_totp SET confirmed_at = $2, last_used_step = $3 WHERE staff_id = $1 AND confirmed_at IS NULL`, [staff.id, now, step])).rowCount === 1;
      const error = await this.auth.checkTotpCode(tx, staff, session, totp, code, meta, {
        factor: 'totp-enrollment',
        claim: confirm,
        message: 'That code is not valid. Check the time on your phone and try the current code.',
      });
      if (error) return { ok: false, error };
      await tx.query(`DELETE FROM staff_recovery_codes WHERE staff_id = $1`, [staff.id]);
      const recoveryCodes = generateRecoveryCodes();
      for (const rc of recoveryCodes) {
        await tx.query(`INSERT INTO staff_recovery_codes (id, staff_id, code_hash) VALUES ($1, $2, $3)`, [randomUUID(), staff.id, hashRecoveryCode(rc)]);
      }
      await audit(tx, { event: 'auth.mfa.enrolled', outcome: 'success', actorType: 'staff', actorId: staff.id, action: 'C', resourceType: 'staff', resourceId: staff.id, detail: { factor: 'totp', recoveryCodes: recoveryCodes.length } }, meta);
      const issued = await this.auth.complete(tx, staff, session, meta, 'totp-enrollment');
      return { ok: true, issued, recoveryCodes };
    });
    if (!outcome.ok) throw outcome.error;
    return { issued: outcome.issued, recoveryCodes: outcome.recoveryCodes };
  }
}
