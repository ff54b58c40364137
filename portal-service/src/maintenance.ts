import type { Logger } from 'pino';
import type { Db } from './db/types';

const HOUR_MS = 3_600_000;

/** Forgets intake nonces whose signatures can no longer be accepted anyway. */
export async function purgeExpiredNonces(owner: Db, now: Date): Promise<number> {
  const res = await owner.query(`DELETE FROM intake_nonces WHERE expires_at < $1`, [now]);
  return res.rowCount;
}

/** Hourly housekeeping with the owner handle (the service roles cannot delete nonces). */
export function startMaintenance(owner: Db, logger: Logger, clock: { now(): Date } = { now: () => new Date() }): { stop(): void } {
  const run = () => {
    purgeExpiredNonces(owner, clock.now()).then(
      (n) => n && logger.debug({ purged: n }, 'expired intake nonces purged'),
      (err: unknown) => logger.warn({ err }, 'nonce purge failed'),
    );
  };
  run();
  const timer = setInterval(run, HOUR_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
