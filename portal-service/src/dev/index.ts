import type { PortalConfig } from '@palisade/config';
import type { FastifyInstance } from 'fastify';
import { developmentFirstRun } from './first-run';

export { developmentFirstRun, DEV_STAFF_FILE, type DevAccountFile } from './first-run';

/**
 * The one call server.ts makes after the staff app is ready. Production never
 * creates accounts by itself: there the first administrator comes from the
 * create-staff CLI.
 */
export async function runDevelopmentFirstRun(staff: FastifyInstance, config: Pick<PortalConfig, 'nodeEnv' | 'home'>): Promise<void> {
  if (config.nodeEnv === 'production') return;
  const d = staff.identity.deps;
  await developmentFirstRun({ db: d.db, hasher: d.hasher, secrets: d.secrets, audit: d.audit, clock: d.clock, publicUrl: d.publicUrl, home: config.home, log: staff.log });
}
