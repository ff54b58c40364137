const BASE_MS = 5_000;
const CAP_MS = 15 * 60_000;

/**
 * Delay before the next attempt after `attempts` failed ones: doubling from 5 s
 * up to 15 min, scaled by a random 50–100 % so that rows queued together during
 * an outage do not all hit the portal in the same second when it returns.
 */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(attempts - 1, 0), 20);
  const ceiling = Math.min(CAP_MS, BASE_MS * 2 ** exponent);
  return Math.round(ceiling * (0.5 + random() / 2));
}
