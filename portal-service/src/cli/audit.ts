import { Command } from 'commander';
import { AuditEvents } from '../audit/events';
import { verifyAuditChain, type AuditVerifyResult } from '../audit/verify';
import { withCli, type CliEnv } from './context';

/** Verifies the whole chain; a broken chain names the first bad row and exits 1. The check itself is audited. */
export async function runAuditVerify(env: CliEnv = {}): Promise<AuditVerifyResult> {
  return withCli('audit-verify', env, async ({ dbs, audit, meta, out }) => {
    const result = await verifyAuditChain(dbs.owner);
    if (result.ok) out(`audit chain intact: ${result.count} rows, head #${result.lastSeq ?? 0} ${result.head ?? '(empty)'}`);
    else out(`audit chain BROKEN at row #${result.brokenAt} (${result.reason}); ${result.count} rows before it verify`);
    await dbs.owner.transaction((tx) =>
      audit(
        tx,
        {
          event: AuditEvents.auditVerify,
          outcome: result.ok ? 'success' : 'failure',
          actorType: 'system',
          actorId: 'cli',
          action: 'R',
          resourceType: 'audit',
          detail: result.ok ? { count: result.count } : { count: result.count, brokenAt: result.brokenAt, reason: result.reason },
        },
        meta,
      ),
    );
    if (!result.ok) process.exitCode = 1;
    return result;
  });
}

export function auditCommand(env: CliEnv = {}): Command {
  const cmd = new Command('audit').description('The hash-chained audit log');
  cmd.command('verify').description('Check every row of the chain; names the first broken row').action(async () => void (await runAuditVerify(env)));
  return cmd;
}
