import path from 'node:path';
import { loadPortalConfig } from '@palisade/config';

/**
 * Fallback for the portal CLI's `create-staff` while it is not registered in the
 * CLI: calls the same exported function (runCreateStaff) from the compiled
 * portal with the portal's own configuration, and prints only the token.
 * Run as a child process with the portal's environment.
 */
interface Opened {
  owner: unknown;
  close(): Promise<void>;
}

async function main(): Promise<void> {
  const [clinic, email] = process.argv.slice(2);
  if (!clinic || !email) throw new Error('usage: invite-staff <clinic> <email>');
  const dist = path.resolve(__dirname, '..', '..', '..', 'portal-service', 'dist');
  const { runCreateStaff } = require(path.join(dist, 'cli', 'create-staff.js')) as {
    runCreateStaff(db: unknown, input: { email: string; name: string; roles: string[]; clinic?: string }, opts: { clock: { now(): Date }; publicUrl: string }): Promise<{ link: string }>;
  };
  const { openDatabases } = require(path.join(dist, 'db', 'open.js')) as { openDatabases(config: unknown): Promise<Opened> };
  const config = loadPortalConfig(process.env);
  const dbs = await openDatabases(config);
  try {
    const { link } = await runCreateStaff(dbs.owner, { email, name: 'Bench Clinician', roles: ['clinician'], clinic }, { clock: { now: () => new Date() }, publicUrl: config.publicUrl });
    process.stdout.write(`${link}\n`);
  } finally {
    await dbs.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`invite-staff: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
