import { exitOnConfigError, loadPortalConfig, writeDevKeySetPin } from '@palisade/config';
import { buildApps } from './app';
import { openDatabases } from './db/open';
import { enableRoleLogins, migrate } from './db/migrate';
import { startMaintenance } from './maintenance';
import { createLogger } from './logging';
import { runDevelopmentFirstRun } from './dev';

/**
 * Starts both listeners: staff on config.host:staffPort, intake on
 * config.intakeHost:intakePort. On PGlite and outside production, migrations
 * run first. SIGINT/SIGTERM close the listeners, then the pools.
 */
async function main(): Promise<void> {
  const config = exitOnConfigError(() => loadPortalConfig());
  const logger = createLogger(config.logLevel);
  const databases = await openDatabases(config);

  if (config.database.kind === 'pglite' || config.nodeEnv !== 'production') {
    const { applied } = await migrate(databases.owner);
    const db = config.database;
    if (db.kind === 'postgres' && !db.appUrl && !db.ingestUrl && !db.analyticsUrl) await enableRoleLogins(databases.owner, db.rolePassword);
    if (applied.length) logger.info({ applied }, 'migrations applied');
  }

  const apps = await buildApps({ config, logger, databases });
  if (config.nodeEnv !== 'production') await runDevelopmentFirstRun(apps.staff, config);
  const maintenance = startMaintenance(databases.owner, logger);
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    maintenance.stop();
    await apps.close();
    await databases.close();
    logger.info('stopped');
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    const staffAddress = await apps.staff.listen({ host: config.host, port: config.staffPort });
    const intakeAddress = await apps.intake.listen({ host: config.intakeHost, port: config.intakePort });
    const keySetPin = await apps.staff.keys.keySetFingerprint();
    // In development the CMS and the demo site pin this fingerprint from the file; production configures CMS_KEYSET_PIN.
    if (config.nodeEnv !== 'production') writeDevKeySetPin(config.home, keySetPin);
    logger.info({ staff: staffAddress, intake: intakeAddress, database: databases.kind, keySetPin }, 'portal ready');
  } catch (err) {
    logger.fatal({ err }, 'portal failed to start');
    await shutdown('startup-failure');
    process.exitCode = 1;
  }
}

void main();
