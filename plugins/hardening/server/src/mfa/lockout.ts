/** Lock state of one admin account, across both factors. */
export interface LockState {
  failures: number;
  lockCount: number;
  lockedUntil: string | null;
}

export interface LockPolicy {
  threshold: number;
  baseMinutes: number;
  maxMinutes: number;
}

export function isLocked(s: LockState, now: Date): boolean {
  return s.lockedUntil !== null && new Date(s.lockedUntil).getTime() > now.getTime();
}

/**
 * One more failed step (a wrong password or a wrong second factor). The
 * threshold-th consecutive failure locks the account; each lock lasts twice as
 * long as the one before (up to the maximum) until a complete sign-in succeeds.
 */
export function afterFailure(s: LockState, policy: LockPolicy, now: Date): LockState & { lockedNow: boolean } {
  const failures = s.failures + 1;
  if (failures < policy.threshold) return { ...s, failures, lockedNow: false };
  const lockCount = s.lockCount + 1;
  const minutes = Math.min(policy.baseMinutes * 2 ** (lockCount - 1), policy.maxMinutes);
  return { failures: 0, lockCount, lockedUntil: new Date(now.getTime() + minutes * 60_000).toISOString(), lockedNow: true };
}

/** A complete sign-in (password and second factor) clears the failures and the lock history. */
export const afterSuccess = (): LockState => ({ failures: 0, lockCount: 0, lockedUntil: null });
