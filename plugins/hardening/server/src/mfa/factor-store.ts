import type { Core } from '@strapi/strapi';
import type { LockState } from './lockout';

export const FACTOR_UID = 'plugin::hardening.admin-factor';

export interface FactorRow extends LockState {
  id: number;
  userId: number;
  secret: string | null;
  pendingSecret: string | null;
  enrolledAt: string | null;
  lastStep: number;
  recoveryCodes: string[];
  lastLoginAt: string | null;
}

const q = (strapi: Core.Strapi) => strapi.db.query(FACTOR_UID as never);

function normalize(r: Record<string, unknown>): FactorRow {
  return {
    id: Number(r.id),
    userId: Number(r.userId),
    secret: (r.secret as string | null) ?? null,
    pendingSecret: (r.pendingSecret as string | null) ?? null,
    enrolledAt: (r.enrolledAt as string | null) ?? null,
    lastStep: Number(r.lastStep ?? 0),
    recoveryCodes: Array.isArray(r.recoveryCodes) ? (r.recoveryCodes as string[]) : [],
    failures: Number(r.failures ?? 0),
    lockCount: Number(r.lockCount ?? 0),
    lockedUntil: (r.lockedUntil as string | null) ?? null,
    lastLoginAt: (r.lastLoginAt as string | null) ?? null,
  };
}

/** The account's row, created empty on first use. */
export async function factorRow(strapi: Core.Strapi, userId: number): Promise<FactorRow> {
  const found = (await q(strapi).findOne({ where: { userId } })) as Record<string, unknown> | null;
  if (found) return normalize(found);
  try {
    return normalize((await q(strapi).create({ data: { userId, lastStep: 0, failures: 0, lockCount: 0, recoveryCodes: [] } })) as Record<string, unknown>);
  } catch {
    // Two first requests raced on the unique userId: the other one created it.
    return normalize((await q(strapi).findOne({ where: { userId } })) as Record<string, unknown>);
  }
}

export async function updateFactor(strapi: Core.Strapi, id: number, data: Partial<Omit<FactorRow, 'id' | 'userId'>>): Promise<void> {
  await q(strapi).update({ where: { id }, data });
}

export async function allFactors(strapi: Core.Strapi): Promise<FactorRow[]> {
  return ((await q(strapi).findMany({})) as Array<Record<string, unknown>>).map(normalize);
}
