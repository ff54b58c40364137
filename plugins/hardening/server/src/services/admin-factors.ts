import type { Core } from '@strapi/strapi';
import { afterFailure, afterSuccess, isLocked } from '../mfa/lockout';
import { factorRow, FACTOR_UID, updateFactor, type FactorRow } from '../mfa/factor-store';
import { consumeRecoveryCode, hashRecoveryCode, newRecoveryCodes } from '../mfa/recovery-codes';
import { checkTotp, newSecret, otpauthUri, qrDataUrl } from '../mfa/totp';
import type { AuditInput } from '../audit/record';
import { pluginConfig } from '../utils/plugin-config';

export type FactorFailure = 'locked' | 'not-enrolled' | 'already-enrolled' | 'no-pending-enrollment' | 'malformed' | 'invalid' | 'replayed';
export type FactorResult<T = object> = ({ ok: true } & T) | { ok: false; reason: FactorFailure; lockedUntil?: string | null };

interface Encryption {
  encrypt(v: string): string | null;
  decrypt(v: string): string | null;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const now = () => (strapi.plugin('hardening').service('clock') as { now(): Date }).now();
  const audit = (input: AuditInput) => strapi.plugin('hardening').service('audit').safeRecord(input) as Promise<void>;
  const encryption = () => strapi.service('admin::encryption') as unknown as Encryption;
  const seal = (secret: string) => {
    const sealed = encryption().encrypt(secret);
    if (!sealed) throw new Error('admin encryption key missing: cannot store a second factor');
    return sealed;
  };

  // One account's factor operations run one at a time, so a code or a recovery code cannot be spent twice by racing requests.
  const queues = new Map<number, Promise<unknown>>();
  function exclusive<T>(userId: number, fn: () => Promise<T>): Promise<T> {
    const run = (queues.get(userId) ?? Promise.resolve()).then(fn);
    const tail = run.catch(() => undefined);
    queues.set(userId, tail);
    void tail.then(() => queues.get(userId) === tail && queues.delete(userId));
    return run;
  }

  const service = {
    async status(userId: number) {
      const row = await factorRow(strapi, userId);
      return {
        enrolled: row.secret !== null,
        locked: isLocked(row, now()),
        lockedUntil: isLocked(row, now()) ? row.lockedUntil : null,
        recoveryCodesLeft: row.recoveryCodes.length,
      };
    },

    async lockedUntil(userId: number): Promise<string | null> {
      const row = await factorRow(strapi, userId);
      return isLocked(row, now()) ? row.lockedUntil : null;
    },

    /** A failed step, password or second factor; locks the account at the threshold and records the lock. */
    async recordFailure(userId: number, ip: string | null): Promise<{ lockedUntil: string | null }> {
      const row = await factorRow(strapi, userId);
      const next = afterFailure(row, pluginConfig(strapi).lockout, now());
      await updateFactor(strapi, row.id, { failures: next.failures, lockCount: next.lockCount, lockedUntil: next.lockedUntil });
      if (next.lockedNow) {
        await audit({ actorType: 'anonymous', action: 'admin.account.lock', subject: 'admin::user', targetId: userId, ip, outcome: 'denied', status: 429 });
      }
      return { lockedUntil: isLocked(next, now()) ? next.lockedUntil : null };
    },

    /** A complete sign-in: failures and lock history cleared, last sign-in remembered (for the dormant sweep). */
    async recordSuccess(row: FactorRow): Promise<void> {
      await updateFactor(strapi, row.id, { ...afterSuccess(), lastLoginAt: now().toISOString() });
    },

    async startEnrollment(user: { id: number; email: string }): Promise<FactorResult<{ secret: string; otpauthUri: string; qr: string }>> {
      return exclusive(user.id, async () => {
        const row = await factorRow(strapi, user.id);
        if (isLocked(row, now())) return { ok: false, reason: 'locked', lockedUntil: row.lockedUntil };
        if (row.secret) return { ok: false, reason: 'already-enrolled' };
        const secret = newSecret();
        await updateFactor(strapi, row.id, { pendingSecret: seal(secret) });
        const uri = otpauthUri(secret, pluginConfig(strapi).mfa.issuer, user.email);
        return { ok: true, secret, otpauthUri: uri, qr: await qrDataUrl(uri) };
      });
    },

    /** Confirms enrollment with a first code; returns the recovery codes, shown this once. */
    async confirmEnrollment(userId: number, code: string, ip: string | null): Promise<FactorResult<{ recoveryCodes: string[] }>> {
      return exclusive(userId, async () => {
        const row = await factorRow(strapi, userId);
        if (isLocked(row, now())) return { ok: false, reason: 'locked', lockedUntil: row.lockedUntil };
        if (row.secret) return { ok: false, reason: 'already-enrolled' };
        const pending = row.pendingSecret ? encryption().decrypt(row.pendingSecret) : null;
        if (!pending) return { ok: false, reason: 'no-pending-enrollment' };
        const check = await checkTotp(pending, code, now(), row.lastStep);
        if (!check.ok) {
          const { lockedUntil } = await service.recordFailure(userId, ip);
          await audit({ actorType: 'admin', actorId: userId, action: 'admin.mfa.enroll', subject: 'admin::user', targetId: userId, ip, outcome: 'failure', status: 400 });
          return { ok: false, reason: check.reason, lockedUntil };
        }
        const codes = newRecoveryCodes();
        await updateFactor(strapi, row.id, {
          secret: row.pendingSecret,
          pendingSecret: null,
          enrolledAt: now().toISOString(),
          lastStep: check.step,
          recoveryCodes: codes.map(hashRecoveryCode),
        });
        await service.recordSuccess(row);
        await audit({ actorType: 'admin', actorId: userId, action: 'admin.mfa.enroll', subject: 'admin::user', targetId: userId, ip, outcome: 'success', status: 200 });
        return { ok: true, recoveryCodes: codes };
      });
    },

    /** The second step of a sign-in: a TOTP code (each time step once) or a single-use recovery code. */
    async verify(userId: number, input: { code?: string; recoveryCode?: string }, ip: string | null): Promise<FactorResult<{ method: 'totp' | 'recovery-code'; recoveryCodesLeft: number }>> {
      return exclusive(userId, async () => {
        const row = await factorRow(strapi, userId);
        const method = input.recoveryCode ? 'recovery-code' : 'totp';
        const action = `admin.mfa.verify.${method}`;
        if (isLocked(row, now())) {
          await audit({ actorType: 'admin', actorId: userId, action, subject: 'admin::user', ip, outcome: 'denied', status: 429 });
          return { ok: false, reason: 'locked', lockedUntil: row.lockedUntil };
        }
        const secret = row.secret ? encryption().decrypt(row.secret) : null;
        if (!secret) return { ok: false, reason: 'not-enrolled' };

        let update: Partial<FactorRow> | undefined;
        let reason: FactorFailure = 'invalid';
        if (input.recoveryCode) {
          const left = consumeRecoveryCode(row.recoveryCodes, input.recoveryCode);
          if (left) update = { recoveryCodes: left };
        } else {
          const check = await checkTotp(secret, input.code ?? '', now(), row.lastStep);
          if (check.ok) update = { lastStep: check.step };
          else reason = check.reason;
        }
        if (!update) {
          const { lockedUntil } = await service.recordFailure(userId, ip);
          await audit({ actorType: 'admin', actorId: userId, action, subject: 'admin::user', ip, outcome: 'failure', status: 400 });
          return { ok: false, reason, lockedUntil };
        }
        await updateFactor(strapi, row.id, update);
        await service.recordSuccess(row);
        await audit({ actorType: 'admin', actorId: userId, action, subject: 'admin::user', ip, outcome: 'success', status: 200 });
        return { ok: true, method, recoveryCodesLeft: update.recoveryCodes?.length ?? row.recoveryCodes.length };
      });
    },

    /** A super admin clears another account's factor: it must enroll again at its next sign-in, and its sessions end now. */
    async reset(targetUserId: number, by: { id: number; ip: string | null }): Promise<void> {
      await exclusive(targetUserId, async () => {
        const row = await factorRow(strapi, targetUserId);
        await strapi.db.query(FACTOR_UID as never).update({
          where: { id: row.id },
          data: { secret: null, pendingSecret: null, enrolledAt: null, recoveryCodes: [], ...afterSuccess() },
        });
        await strapi.plugin('hardening').service('mfa-sessions').forgetUser(targetUserId);
      });
      await audit({ actorType: 'admin', actorId: by.id, action: 'admin.mfa.reset', subject: 'admin::user', targetId: targetUserId, ip: by.ip, outcome: 'success', status: 200 });
    },
  };
  return service;
};
