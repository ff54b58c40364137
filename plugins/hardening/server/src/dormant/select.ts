/** What the sweep knows about an admin account or a token. */
export interface AdminActivity {
  id: number;
  email: string;
  isSuperAdmin: boolean;
  /** Latest of: last complete sign-in, account creation, the day this plugin was installed. */
  lastActivityAt: string;
}

export interface TokenActivity {
  id: number;
  name: string;
  kind: 'content-api' | 'admin' | 'transfer';
  /** Latest of: last use, creation. */
  lastActivityAt: string;
}

export interface DormantPlan {
  cutoff: string;
  admins: Array<AdminActivity & { action: 'deactivate' | 'keep-last-super-admin' }>;
  tokens: Array<TokenActivity & { action: 'deactivate' }>;
}

export const latest = (...dates: Array<string | Date | null | undefined>): string =>
  new Date(Math.max(...dates.filter((d): d is string | Date => d !== null && d !== undefined).map((d) => new Date(d).getTime()))).toISOString();

/**
 * Accounts and tokens idle since before the cutoff. The last active super
 * admin is never deactivated (nobody could sign in to undo it): it is listed
 * as kept instead.
 */
export function planDormant(admins: AdminActivity[], tokens: TokenActivity[], now: Date, days: number): DormantPlan {
  const cutoff = new Date(now.getTime() - days * 86_400_000).toISOString();
  const idleAdmins = admins.filter((a) => a.lastActivityAt < cutoff);
  const activeSuperAdmins = admins.filter((a) => a.isSuperAdmin && a.lastActivityAt >= cutoff).length;
  // When every super admin is idle, keep the one seen most recently.
  const idleSupers = idleAdmins.filter((a) => a.isSuperAdmin).sort((a, b) => b.lastActivityAt.localeCompare(a.lastActivityAt));
  const keep = activeSuperAdmins === 0 ? idleSupers[0]?.id : undefined;
  return {
    cutoff,
    admins: idleAdmins.map((a) => ({ ...a, action: a.id === keep ? 'keep-last-super-admin' : 'deactivate' })),
    tokens: tokens.filter((t) => t.lastActivityAt < cutoff).map((t) => ({ ...t, action: 'deactivate' })),
  };
}
