import { delayAfter, recordFailure, throttleState } from './throttle';

const now = new Date('2030-01-01T00:00:00Z');
const later = (s: number) => new Date(now.getTime() + s * 1000);

describe('throttle', () => {
  it('lets two typos through, then doubles the wait, then locks at the threshold', () => {
    const delays = Array.from({ length: 12 }, (_, i) => delayAfter(i + 1, 10));
    expect(delays.slice(0, 2)).toEqual([0, 0]);
    expect(delays.slice(2, 9)).toEqual([1, 2, 4, 8, 16, 32, 60]);
    expect(delays[9]).toBe(15 * 60);
    expect(delays[10]).toBe(30 * 60);
    expect(delays[11]).toBe(60 * 60);
  });

  it('never locks for more than a day', () => {
    expect(delayAfter(40, 10)).toBe(24 * 60 * 60);
  });

  it('tells a delay from a lock', () => {
    const delayed = recordFailure({ failures: 3, now, threshold: 10 });
    expect(delayed.lockedNow).toBe(false);
    expect(throttleState({ failures: delayed.failures, lockedUntil: delayed.lockedUntil, now, threshold: 10 })).toEqual({ state: 'delayed', retryAfterSeconds: 2 });
    const locked = recordFailure({ failures: 9, now, threshold: 10 });
    expect(locked.lockedNow).toBe(true);
    expect(throttleState({ failures: locked.failures, lockedUntil: locked.lockedUntil, now, threshold: 10 })).toEqual({ state: 'locked', retryAfterSeconds: 900 });
  });

  it('opens again when the wait is over', () => {
    expect(throttleState({ failures: 10, lockedUntil: later(900), now: later(900), threshold: 10 })).toEqual({ state: 'open' });
    expect(throttleState({ failures: 10, lockedUntil: later(900), now: later(899), threshold: 10 })).toEqual({ state: 'locked', retryAfterSeconds: 1 });
  });

  it('follows a configured threshold', () => {
    expect(recordFailure({ failures: 2, now, threshold: 3 }).lockedNow).toBe(true);
  });
});
