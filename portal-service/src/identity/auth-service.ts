import type { AuditEntry, RequestMeta } from '../access/audit-port';
import { GENERIC_LOGIN_FAILURE, HttpError, accountLocked, conflict, tooManyAttempts, unauthorized } from '../access/http-errors';
import type { Db } from '../db/types';
import type { IdentityDeps } from './deps';
import { totpContext } from './deps';
import { hashRecoveryCode } from './recovery-codes';
import type { IssuedSession, Session } from './sessions';
import { clearFailures, findStaffByEmailForUpdate, findStaffForUpdate, findTotp, setFailures, type StaffAccount, type TotpRecord } from './staff-store';
import { recordFailure, throttleState } from './throttle';
import { verifyTotp } from './totp';

export type LoginResult = { issued: IssuedSession; next: 'totp' | 'enroll' };

/**
 * Failures must leave their audit rows and counters behind, so each step runs
 * its transaction to completion and only then turns a refusal into an error.
 */
type Outcome<T> = { ok: true; value: T } | { ok: false; error: HttpError };

async function settle<T>(p: Promise<Outcome<T>>): Promise<T> {
  const outcome = await p;
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}

/** Claiming the step with a conditional UPDATE makes two concurrent uses of one code fail one of them. */
async function claimTotpStep(tx: Db, staffId: string, step: number): Promise<boolean> {
  return (await tx.query(`UPDATE staff_totp SET last_used_step = $2 WHERE staff_id = $1 AND last_used_step < $2`, [staffId, step])).rowCount === 1;
}

export class AuthService {
  constructor(private readonly deps: IdentityDeps) {}

  private audit(tx: Db, meta: RequestMeta, entry: AuditEntry): Promise<void> {
    return this.deps.audit(tx, entry, meta);
  }

  /** For enrollment: the same throttle on the same counter. */
  gateFor(tx: Db, staff: StaffAccount, meta: RequestMeta): Promise<HttpError | undefined> {
    return this.gate(tx, staff, meta, 'auth.mfa.failure');
  }

  failFor(tx: Db, staff: StaffAccount, meta: RequestMeta, entry: AuditEntry, message?: string): Promise<HttpError> {
    return this.fail(tx, staff, meta, entry, message);
  }

  /**
   * Checks a TOTP code inside the caller's transaction. Sign-in and enrollment
   * differ only in how they record the accepted time step (`claim`); a wrong or
   * replayed code counts towards the shared password/TOTP lockout and is audited.
   */
  async checkTotpCode(
    tx: Db,
    staff: StaffAccount,
    session: Session,
    totp: TotpRecord,
    code: string,
    meta: RequestMeta,
    opts: { factor: 'totp' | 'totp-enrollment' | 'totp-recovery-codes'; claim?: (step: number) => Promise<boolean>; message?: string },
  ): Promise<HttpError | undefined> {
    const secret = Buffer.from(await this.deps.secrets.unwrap(totp.secretWrapped, totpContext(staff.id))).toString('utf8');
    const check = await verifyTotp({ secret, code, now: this.deps.clock.now(), lastUsedStep: totp.lastUsedStep });
    const claim = opts.claim ?? ((step: number) => claimTotpStep(tx, staff.id, step));
    if (check.ok && (await claim(check.step))) return undefined;
    return this.fail(
      tx,
      staff,
      meta,
      {
        event: 'auth.mfa.failure',
        outcome: 'failure',
        actorType: 'staff',
        actorId: staff.id,
        action: 'E',
        resourceType: 'session',
        resourceId: session.id,
        detail: { reason: check.ok ? 'replayed' : check.reason, factor: opts.factor },
      },
      opts.message,
    );
  }

  /** Refuses without checking anything while the account waits or is locked. */
  private async gate(tx: Db, staff: StaffAccount, meta: RequestMeta, event: string): Promise<HttpError | undefined> {
    const state = throttleState({ failures: staff.failedAttempts, lockedUntil: staff.lockedUntil, now: this.deps.clock.now(), threshold: this.deps.lockoutThreshold });
    if (state.state === 'open') return undefined;
    await this.audit(tx, meta, { event, outcome: 'denied', actorType: 'staff', actorId: staff.id, action: 'E', resourceType: 'staff', resourceId: staff.id, detail: { reason: state.state } });
    return state.state === 'locked' ? accountLocked(state.retryAfterSeconds) : tooManyAttempts(state.retryAfterSeconds);
  }

  /** One more failure on the account; locks (and audits the lock) at the threshold. */
  private async fail(tx: Db, staff: StaffAccount, meta: RequestMeta, entry: AuditEntry, message = GENERIC_LOGIN_FAILURE): Promise<HttpError> {
    const now = this.deps.clock.now();
    const next = recordFailure({ failures: staff.failedAttempts, now, threshold: this.deps.lockoutThreshold });
    await setFailures(tx, staff.id, next.failures, next.lockedUntil, now);
    await this.audit(tx, meta, { ...entry, detail: { ...entry.detail, failures: next.failures } });
    if (next.lockedNow && next.lockedUntil) {
      await this.audit(tx, meta, { event: 'auth.lockout', outcome: 'success', actorType: 'staff', actorId: staff.id, action: 'U', resourceType: 'staff', resourceId: staff.id, detail: { failures: next.failures } });
      await this.deps.sessions.revokeAllFor(tx, staff.id);
      return accountLocked(Math.ceil((next.lockedUntil.getTime() - now.getTime()) / 1000));
    }
    return unauthorized(message);
  }

  /**
   * `previousToken` is the session cookie the browser still sent, if any: a
   * successful login revokes that session so no older token outlives it.
   */
  async login(email: string, password: string, meta: RequestMeta, previousToken?: string): Promise<LoginResult> {
    const { db, hasher, sessions } = this.deps;
    const outcome = await db.transaction(async (tx): Promise<Outcome<LoginResult> & { burn?: boolean }> => {
      const staff = await findStaffByEmailForUpdate(tx, email);
      if (!staff || !staff.active || !staff.passwordHash) {
        await this.audit(tx, meta, {
          event: 'auth.login.failure',
          outcome: 'failure',
          actorType: staff ? 'staff' : 'anonymous',
          actorId: staff?.id ?? null,
          action: 'E',
          resourceType: 'session',
          detail: { reason: !staff ? 'unknown-account' : !staff.active ? 'inactive' : 'not-enrolled' },
        });
        return { ok: false, error: unauthorized(GENERIC_LOGIN_FAILURE), burn: true };
      }
      const gated = await this.gate(tx, staff, meta, 'auth.login.failure');
      if (gated) return { ok: false, error: gated };
      // Verified under the account's row lock: parallel guesses on one account
      // are checked one after another, so none slips past the counter.
      if (!(await hasher.verify(staff.passwordHash, password))) {
        const error = await this.fail(tx, staff, meta, {
          event: 'auth.login.failure',
          outcome: 'failure',
          actorType: 'staff',
          actorId: staff.id,
          action: 'E',
          resourceType: 'session',
          detail: { reason: 'bad-password' },
        });
        return { ok: false, error };
      }
      if (await hasher.needsRehash(staff.passwordHash)) {
        await tx.query(`UPDATE staff SET password_hash = $2 WHERE id = $1`, [staff.id, await hasher.hash(password)]);
      }
      // The counter is not cleared here: password and TOTP failures count
      // together, and only a completed second factor proves the account's owner.
      const totp = await findTotp(tx, staff.id);
      if (previousToken) await sessions.revokeToken(tx, previousToken);
      const issued = await sessions.create(tx, { staffId: staff.id, stage: 'password', ip: meta.ip, userAgent: meta.userAgent });
      const next = totp?.confirmed ? 'totp' : 'enroll';
      await this.audit(tx, meta, { event: 'auth.login.success', outcome: 'success', actorType: 'staff', actorId: staff.id, action: 'E', resourceType: 'session', resourceId: issued.session.id, detail: { step: 'password', next } });
      return { ok: true, value: { issued, next } };
    });
    // An unknown email costs the same hashing work as a wrong password, spent
    // outside the transaction so probing cannot tie up database connections.
    if (!outcome.ok && outcome.burn) await hasher.burn(password);
    return settle(Promise.resolve(outcome));
  }

  async verifyTotp(session: Session, code: string, meta: RequestMeta): Promise<IssuedSession> {
    const { db } = this.deps;
    return settle(
      db.transaction(async (tx): Promise<Outcome<IssuedSession>> => {
        const staff = await findStaffForUpdate(tx, session.staffId);
        if (!staff?.active) return { ok: false, error: unauthorized() };
        const totp = await findTotp(tx, staff.id);
        if (!totp?.confirmed) return { ok: false, error: conflict('Set up your authenticator app first.') };
        const gated = await this.gate(tx, staff, meta, 'auth.mfa.failure');
        if (gated) return { ok: false, error: gated };
        const error = await this.checkTotpCode(tx, staff, session, totp, code, meta, { factor: 'totp' });
        if (error) return { ok: false, error };
        return { ok: true, value: await this.complete(tx, staff, session, meta, 'totp') };
      }),
    );
  }

  async useRecoveryCode(session: Session, code: string, meta: RequestMeta): Promise<IssuedSession> {
    const { db, clock } = this.deps;
    return settle(
      db.transaction(async (tx): Promise<Outcome<IssuedSession>> => {
        const staff = await findStaffForUpdate(tx, session.staffId);
        if (!staff?.active) return { ok: false, error: unauthorized() };
        const gated = await this.gate(tx, staff, meta, 'auth.mfa.failure');
        if (gated) return { ok: false, error: gated };
        const hash = hashRecoveryCode(code);
        const used = hash
          ? await tx.query(`UPDATE staff_recovery_codes SET used_at = $3 WHERE staff_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING id`, [staff.id, hash, clock.now()])
          : { rowCount: 0 };
        if (used.rowCount !== 1) {
          const error = await this.fail(tx, staff, meta, {
            event: 'auth.mfa.failure',
            outcome: 'failure',
            actorType: 'staff',
            actorId: staff.id,
            action: 'E',
            resourceType: 'session',
            resourceId: session.id,
            detail: { reason: 'invalid', factor: 'recovery-code' },
          });
          return { ok: false, error };
        }
        const left = await tx.query<{ n: unknown }>(`SELECT count(*) AS n FROM staff_recovery_codes WHERE staff_id = $1 AND used_at IS NULL`, [staff.id]);
        await this.audit(tx, meta, {
          event: 'auth.recovery-code.used',
          outcome: 'success',
          actorType: 'staff',
          actorId: staff.id,
          action: 'U',
          resourceType: 'staff',
          resourceId: staff.id,
          detail: { remaining: Number(left.rows[0]?.n ?? 0) },
        });
        return { ok: true, value: await this.complete(tx, staff, session, meta, 'recovery-code') };
      }),
    );
  }

  /** Second factor passed: clear the failure count and swap the token (stage password -> mfa). */
  async complete(tx: Db, staff: StaffAccount, session: Session, meta: RequestMeta, factor: string): Promise<IssuedSession> {
    await clearFailures(tx, staff.id, this.deps.clock.now());
    const issued = await this.deps.sessions.elevate(tx, session.id);
    await this.audit(tx, meta, { event: 'auth.mfa.success', outcome: 'success', actorType: 'staff', actorId: staff.id, action: 'E', resourceType: 'session', resourceId: session.id, detail: { factor } });
    return issued;
  }

  async logout(session: Session, meta: RequestMeta): Promise<void> {
    await this.deps.db.transaction(async (tx) => {
      await this.deps.sessions.revoke(tx, session.id);
      await this.audit(tx, meta, { event: 'auth.logout', outcome: 'success', actorType: 'staff', actorId: session.staffId, action: 'E', resourceType: 'session', resourceId: session.id });
    });
  }
}
