import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { createBackup, type BackupSummary } from '../backup/backup';
import { resolveBackupKey } from '../backup/key';
import { withCli, type CliEnv } from './context';

const progress = (line: string) => void process.stderr.write(`${line}\n`);

/** `backup [--out file]`: one encrypted snapshot; progress on stderr; the export itself is audited. */
export async function runBackup(opts: { out?: string }, env: CliEnv = {}): Promise<BackupSummary> {
  return withCli('backup', env, async ({ config, dbs, clock, audit, chain, meta, out }) => {
    const key = resolveBackupKey(config, { create: true });
    const now = clock.now();
    const file = path.resolve(opts.out ?? path.join(config.home, 'backups', `portal-${now.toISOString().replace(/[:.]/g, '-')}.backup`));
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    // Chain everything committed so far, so the backup's recorded head covers it (rows appended meanwhile go in unchained).
    await chain.flush();
    const summary = await createBackup(dbs.owner, file, key, now, progress);
    const rows = Object.values(summary.counts).reduce((a, b) => a + b, 0);
    await dbs.owner.transaction((tx) =>
      audit(tx, { event: 'backup.create', outcome: 'success', actorType: 'system', actorId: 'cli', action: 'E', resourceType: 'backup', detail: { rows, tables: Object.keys(summary.counts).length } }, meta),
    );
    const head = summary.auditHead ? `#${summary.auditHead.seq} ${summary.auditHead.hash}` : '(empty)';
    out(`backup written: ${file} (${(summary.bytes / 1024).toFixed(0)} KiB, ${rows} rows in ${Object.keys(summary.counts).length} tables, audit head ${head})`);
    return summary;
  });
}

export function backupCommand(env: CliEnv = {}): Command {
  return new Command('backup')
    .description('Write an encrypted backup (libsodium secretstream under PORTAL_BACKUP_KEY, never the master key)')
    .option('--out <file>', 'file to create (default: $PALISADE_HOME/backups/portal-<time>.backup)')
    .action(async (opts: { out?: string }) => void (await runBackup(opts, env)));
}
