import type { Rendered } from './core/router';
import type { Session } from './core/session';

export type SignOutReason = 'signed-out' | 'idle' | 'absolute' | 'ended' | 'restart';

/** What every view may ask of the page around it. */
export interface AppContext {
  session: Session;
  navigate(to: string, opts?: { replace?: boolean }): void;
  /** After the second factor: loads who I am, starts the idle clock, goes on. */
  completeSignIn(next?: string | null): Promise<void>;
  signOut(reason: SignOutReason, idleMinutes?: number): Promise<void>;
  /** Swaps a multi-step page's content in place, with the same title and focus rules as a navigation. */
  showStep(step: Rendered): void;
}

export { safeNext } from './core/next';
