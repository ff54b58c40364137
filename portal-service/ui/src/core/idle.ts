import type { Me } from './types';

export const WARNING_MS = 60_000;
/**
 * Sign out a little before the server would, so the person never meets a dead
 * page: the server records activity at most every 15 s (TOUCH_EVERY_SECONDS),
 * so its idle clock may have started up to 15 s before ours.
 */
export const SAFETY_MS = 17_000;

export interface IdleHandlers {
  warn(kind: 'idle' | 'absolute'): void;
  clearWarning(): void;
  expire(kind: 'idle' | 'absolute', idleMinutes: number): void;
}

/**
 * Mirrors the server's session limits in the page. The server's idle clock
 * restarts with every answered call, so this one restarts on the same events.
 * Durations come from /api/me against the server's Date header, so a wrong
 * clock on the workstation does not move the deadlines.
 */
export class IdleTimer {
  private idleMs = 0;
  private absoluteAt = 0;
  private warnTimer: ReturnType<typeof setTimeout> | undefined;
  private expireTimer: ReturnType<typeof setTimeout> | undefined;
  private running = false;

  constructor(private readonly handlers: IdleHandlers) {}

  start(me: Me, serverTime: number | null): void {
    const serverNow = serverTime ?? Date.now();
    this.idleMs = Math.max(0, Date.parse(me.session.idleExpiresAt) - serverNow);
    this.absoluteAt = Date.now() + Math.max(0, Date.parse(me.session.absoluteExpiresAt) - serverNow);
    this.running = true;
    this.schedule();
  }

  /** Any call the server answered: the idle clock starts again. */
  activity(): void {
    if (this.running) this.schedule();
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.warnTimer);
    clearTimeout(this.expireTimer);
    this.handlers.clearWarning();
  }

  get idleMinutes(): number {
    return Math.max(1, Math.round(this.idleMs / 60_000));
  }

  private schedule(): void {
    clearTimeout(this.warnTimer);
    clearTimeout(this.expireTimer);
    this.handlers.clearWarning();
    const now = Date.now();
    const idleAt = now + this.idleMs - SAFETY_MS;
    const kind = this.absoluteAt - SAFETY_MS <= idleAt ? 'absolute' : 'idle';
    const endAt = Math.min(idleAt, this.absoluteAt - SAFETY_MS);
    const warnIn = endAt - WARNING_MS - now;
    if (warnIn > 0) this.warnTimer = setTimeout(() => this.handlers.warn(kind), warnIn);
    else this.handlers.warn(kind);
    this.expireTimer = setTimeout(() => {
      this.running = false;
      this.handlers.expire(kind, this.idleMinutes);
    }, Math.max(0, endAt - now));
  }
}
