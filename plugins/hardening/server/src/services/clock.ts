/**
 * The plugin's single source of "now", so tests can move time (dormant sweep,
 * lock expiry, TOTP steps, exception expiry) without touching the system clock.
 */
export default () => {
  let source: () => Date = () => new Date();
  return {
    now(): Date {
      return source();
    },
    /** Tests only: replace the clock; call with no argument to restore real time. */
    set(fn?: () => Date): void {
      source = fn ?? (() => new Date());
    },
  };
};
