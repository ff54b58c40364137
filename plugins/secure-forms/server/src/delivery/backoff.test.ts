import { retryDelayMs } from './backoff';

describe('retryDelayMs', () => {
  it('doubles per failed attempt within a jitter band of 50-100 %', () => {
    expect(retryDelayMs(1, () => 1)).toBe(5_000);
    expect(retryDelayMs(2, () => 1)).toBe(10_000);
    expect(retryDelayMs(3, () => 0)).toBe(10_000);
    expect(retryDelayMs(3, () => 0.5)).toBe(15_000);
  });

  it('never waits longer than 15 minutes however often it failed', () => {
    expect(retryDelayMs(50, () => 1)).toBe(15 * 60_000);
    expect(retryDelayMs(1_000_000, () => 1)).toBe(15 * 60_000);
  });
});
