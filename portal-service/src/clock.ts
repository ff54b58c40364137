/**
 * Time as a dependency. Everything time-based (sessions, nonces, signature
 * windows, receipts, audit rows) reads the injected clock so tests can move it.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to. */
export class FakeClock implements Clock {
  private t: number;

  constructor(start: Date | string = '2031-03-01T09:00:00Z') {
    this.t = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.t);
  }

  set(at: Date | string): void {
    this.t = new Date(at).getTime();
  }

  advance(seconds: number): void {
    this.t += seconds * 1000;
  }
}
