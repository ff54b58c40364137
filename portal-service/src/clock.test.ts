import { FakeClock, systemClock } from './clock';

describe('clocks', () => {
  it('the fake clock stands still until set or advanced', () => {
    const clock = new FakeClock('2031-03-01T09:00:00Z');
    expect(clock.now().toISOString()).toBe('2031-03-01T09:00:00.000Z');
    clock.advance(901);
    expect(clock.now().toISOString()).toBe('2031-03-01T09:15:01.000Z');
    clock.set('2032-01-01T00:00:00Z');
    expect(clock.now().toISOString()).toBe('2032-01-01T00:00:00.000Z');
  });

  it('the system clock follows real time', () => {
    const before = Date.now();
    const t = systemClock.now().getTime();
    expect(t).toBeGreaterThanOrEqual(before);
  });
});
