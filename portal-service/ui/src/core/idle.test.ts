import { IdleTimer, SAFETY_MS, WARNING_MS, type IdleHandlers } from './idle';
import type { Me } from './types';

function me(idleSeconds: number, absoluteSeconds: number, now: number): Me {
  return {
    id: 's',
    email: 'a@b.example',
    name: 'A',
    stage: 'mfa',
    roles: [],
    csrfToken: 't',
    session: { idleExpiresAt: new Date(now + idleSeconds * 1000).toISOString(), absoluteExpiresAt: new Date(now + absoluteSeconds * 1000).toISOString() },
  };
}

describe('the idle sign-out in the page', () => {
  let events: string[];
  let handlers: IdleHandlers;
  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2031-03-01T09:00:00Z') });
    events = [];
    handlers = { warn: (k) => events.push(`warn:${k}`), clearWarning: () => events.push('clear'), expire: (k, m) => events.push(`expire:${k}:${m}`) };
  });
  afterEach(() => jest.useRealTimers());

  it('warns one minute before the idle timeout, then signs out', () => {
    const timer = new IdleTimer(handlers);
    timer.start(me(900, 28_800, Date.now()), Date.now());
    jest.advanceTimersByTime(900_000 - SAFETY_MS - WARNING_MS - 1);
    expect(events.filter((e) => e !== 'clear')).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(events.at(-1)).toBe('warn:idle');
    jest.advanceTimersByTime(WARNING_MS);
    expect(events.at(-1)).toBe('expire:idle:15');
  });

  it('starts again on every answered call, like the server does', () => {
    const timer = new IdleTimer(handlers);
    timer.start(me(900, 28_800, Date.now()), Date.now());
    jest.advanceTimersByTime(800_000);
    timer.activity();
    jest.advanceTimersByTime(800_000);
    expect(events.some((e) => e.startsWith('expire'))).toBe(false);
  });

  it('reads durations against the server clock, not a wrong workstation clock', () => {
    const timer = new IdleTimer(handlers);
    const server = Date.now() + 3_600_000; // the workstation is an hour behind
    timer.start(me(900, 28_800, server), server);
    jest.advanceTimersByTime(900_000 - SAFETY_MS);
    expect(events.some((e) => e.startsWith('expire'))).toBe(true);
  });

  it('ends at the absolute limit even with activity, with its own warning', () => {
    const timer = new IdleTimer(handlers);
    timer.start(me(900, 1_000, Date.now()), Date.now());
    jest.advanceTimersByTime(500_000);
    timer.activity();
    jest.advanceTimersByTime(500_000);
    expect(events).toContain('warn:absolute');
    expect(events.at(-1)).toBe('expire:absolute:15');
  });

  it('stops cleanly on sign-out', () => {
    const timer = new IdleTimer(handlers);
    timer.start(me(900, 28_800, Date.now()), Date.now());
    timer.stop();
    jest.advanceTimersByTime(2_000_000);
    expect(events.filter((e) => e !== 'clear')).toEqual([]);
  });
});
