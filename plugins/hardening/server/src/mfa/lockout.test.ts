import { afterFailure, afterSuccess, isLocked, type LockState } from './lockout';

const policy = { threshold: 3, baseMinutes: 15, maxMinutes: 60 };
const t0 = new Date('2026-05-01T10:00:00Z');

function fail(s: LockState, times: number, now = t0) {
  let state = { ...s, lockedNow: false };
  for (let i = 0; i < times; i++) state = afterFailure(state, policy, now);
  return state;
}

describe('lockout', () => {
  it('locks on the threshold-th consecutive failure, not before', () => {
    const two = fail(afterSuccess(), 2);
    expect(isLocked(two, t0)).toBe(false);
    const three = afterFailure(two, policy, t0);
    expect(three.lockedNow).toBe(true);
    expect(three.lockedUntil).toBe('2026-05-01T10:15:00.000Z');
    expect(isLocked(three, new Date('2026-05-01T10:14:59Z'))).toBe(true);
    expect(isLocked(three, new Date('2026-05-01T10:15:00Z'))).toBe(false);
  });

  it('each further lock lasts twice as long, up to the maximum', () => {
    const first = fail(afterSuccess(), 3);
    const later = new Date('2026-05-01T11:00:00Z');
    const second = fail(first, 3, later);
    expect(second.lockedUntil).toBe('2026-05-01T11:30:00.000Z');
    const third = fail(second, 3, later);
    expect(third.lockedUntil).toBe('2026-05-01T12:00:00.000Z');
    expect(fail(third, 3, later).lockedUntil).toBe('2026-05-01T12:00:00.000Z');
  });

  it('a complete sign-in clears everything', () => {
    expect(afterSuccess()).toEqual({ failures: 0, lockCount: 0, lockedUntil: null });
  });
});
