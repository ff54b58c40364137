/**
 * Failed password and TOTP attempts count together on the account. The first
 * two failures are free (typos); after that each failure makes the account wait
 * twice as long before the next try; at the threshold the account locks, and
 * each failure after a lock lifts locks it again for twice as long, until an
 * admin resets it or a success clears the count.
 */
export const FREE_FAILURES = 2;
export const FIRST_DELAY_SECONDS = 1;
export const MAX_DELAY_SECONDS = 60;
export const FIRST_LOCK_SECONDS = 15 * 60;
export const MAX_LOCK_SECONDS = 24 * 60 * 60;

export type ThrottleState =
  | { state: 'open' }
  | { state: 'delayed'; retryAfterSeconds: number }
  | { state: 'locked'; retryAfterSeconds: number };

export function delayAfter(failures: number, threshold: number): number {
  if (failures >= threshold) {
    return Math.min(FIRST_LOCK_SECONDS * 2 ** (failures - threshold), MAX_LOCK_SECONDS);
  }
  if (failures <= FREE_FAILURES) return 0;
  return Math.min(FIRST_DELAY_SECONDS * 2 ** (failures - FREE_FAILURES - 1), MAX_DELAY_SECONDS);
}

/** Whether an attempt may be checked at all right now. */
export function throttleState(opts: { failures: number; lockedUntil: Date | null; now: Date; threshold: number }): ThrottleState {
  if (!opts.lockedUntil || opts.lockedUntil.getTime() <= opts.now.getTime()) return { state: 'open' };
  const retryAfterSeconds = Math.ceil((opts.lockedUntil.getTime() - opts.now.getTime()) / 1000);
  return opts.failures >= opts.threshold ? { state: 'locked', retryAfterSeconds } : { state: 'delayed', retryAfterSeconds };
}

/** The account's state after one more failure. */
export function recordFailure(opts: { failures: number; now: Date; threshold: number }): {
  failures: number;
  lockedUntil: Date | null;
  lockedNow: boolean;
} {
  const failures = opts.failures + 1;
  const wait = delayAfter(failures, opts.threshold);
  return {
    failures,
    lockedUntil: wait > 0 ? new Date(opts.now.getTime() + wait * 1000) : null,
    lockedNow: failures >= opts.threshold,
  };
}
