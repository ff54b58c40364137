import { Command } from 'commander';
import { enableRoleLogins, migrate } from '../db/migrate';
import { withCli, type CliEnv } from './context';

export async function runMigrate(env: CliEnv = {}): Promise<{ applied: string[]; skipped: string[] }> {
  return withCli('migrate', env, async ({ config, dbs, out }) => {
    const result = await migrate(dbs.owner);
    const db = config.database;
    // Development and tests derive the role URLs from DATABASE_URL; the roles then need logins.
    if (db.kind === 'postgres' && config.nodeEnv !== 'production' && !db.appUrl && !db.ingestUrl && !db.analyticsUrl) {
      await enableRoleLogins(dbs.owner, db.rolePassword);
    }
    out(result.applied.length ? `applied: ${result.applied.join(', ')}` : 'the health database is up to date');
    return result;
  });
}

export function migrateCommand(env: CliEnv = {}): Command {
  return new Command('migrate').description('Apply pending migrations of the health database (database/portal/*.sql)').action(async () => {
    await runMigrate(env);
  });
}
