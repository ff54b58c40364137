import path from 'node:path';
import { Command } from 'commander';
import { fullChainCheck } from '../backup/chain-check';
import { resolveBackupKey } from '../backup/key';
import { restoreBackup, RestoreRefused, type RestoreSummary } from '../backup/restore';
import { migrate } from '../db/migrate';
import { CliError, withCli, type CliEnv } from './context';

const progress = (line: string) => void process.stderr.write(`${line}\n`);

/**
 * `restore --in file`: migrates the (fresh, empty) target, loads the backup in
 * one transaction that commits only if every chunk authenticates, the row
 * counts match and the audit chain verifies; then audits the restore.
 */
export async function runRestore(opts: { in: string }, env: CliEnv = {}): Promise<RestoreSummary> {
  return withCli('restore', env, async ({ config, dbs, audit, meta, out }) => {
    const key = resolveBackupKey(config, { create: false });
    await migrate(dbs.owner);
    let summary: RestoreSummary;
    try {
      summary = await restoreBackup(dbs.owner, path.resolve(opts.in), key, fullChainCheck, progress);
    } catch (err) {
      if (err instanceof RestoreRefused) throw new CliError(`restore refused, nothing was written: ${err.message}`);
      throw err;
    }
    const rows = Object.values(summary.counts).reduce((a, b) => a + b, 0);
    await dbs.owner.transaction((tx) =>
      audit(tx, { event: 'backup.restore', outcome: 'success', actorType: 'system', actorId: 'cli', action: 'C', resourceType: 'backup', detail: { rows, chainRows: summary.chainRows } }, meta),
    );
    const head = summary.auditHead ? `#${summary.auditHead.seq} ${summary.auditHead.hash}` : '(empty)';
    out(`restored ${rows} rows; row counts match; audit chain verified over ${summary.chainRows} rows, head ${head}`);
    return summary;
  });
}

export function restoreCommand(env: CliEnv = {}): Command {
  return new Command('restore')
    .description('Restore an encrypted backup into a fresh database, verifying row counts and the audit chain')
    .requiredOption('--in <file>', 'backup file to restore')
    .action(async (opts: { in: string }) => void (await runRestore(opts, env)));
}
