import { Command } from 'commander';
import { currentCheckpointKeyPem } from '../audit/checkpoint-key';
import { AuditEvents } from '../audit/events';
import { verifyAuditChain, type AuditVerifyResult } from '../audit/verify';
import { CliError, withCli, type CliEnv } from './context';

/**
 * Verifies the whole chain and the last signed checkpoint; a broken chain or
 * checkpoint names the row and exits 1. The check itself is audited.
 */
export async function runAuditVerify(env: CliEnv = {}): Promise<AuditVerifyResult> {
  return withCli('audit-verify', env, async ({ dbs, audit, chain, clock, meta, out }) => {
    await chain.flush();
    const result = await verifyAuditChain(dbs.owner, { checkpointDir: chain.checkpointDir, now: clock.now() });
    if (result.ok) out(`audit chain intact: ${result.count} rows, head #${result.lastSeq ?? 0} ${result.head ?? '(empty)'}`);
    else out(`audit chain BROKEN at row #${result.brokenAt} (${result.reason}); ${result.count} rows before it verify`);
    const cp = result.checkpoint;
    if (cp) out(`last checkpoint: #${cp.seq} ${cp.head.slice(0, 16)}… at ${cp.at} signed by ${cp.kid}: ${cp.verified ? 'signature verified' : 'NOT verified'}`);
    else if (result.ok) out('last checkpoint: none written yet for this chain');
    if (result.unchained.count) out(`unchained rows: ${result.unchained.count} (oldest ${result.unchained.oldestAgeSeconds ?? 0} s)`);
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

/** Chains what is pending and signs the head now (nothing is written when it has not moved). */
export async function runAuditCheckpoint(env: CliEnv = {}): Promise<void> {
  return withCli('audit-checkpoint', env, async ({ chain, out }) => {
    await chain.flush();
    const cp = await chain.checkpoint();
    out(cp ? `checkpoint written: #${cp.seq} ${cp.head} at ${cp.at} (${cp.kid}) in ${chain.checkpointDir}` : 'checkpoint unchanged: the head has not moved (or the chain is empty)');
  });
}

/** Prints the checkpoint key's public half (PEM) so checkpoint files can be checked away from the portal. */
export async function runAuditCheckpointKey(env: CliEnv = {}): Promise<string> {
  return withCli('audit-checkpoint-key', env, async ({ dbs, out }) => {
    const key = await currentCheckpointKeyPem(dbs.owner);
    if (!key) throw new CliError('no checkpoint key yet: run `audit checkpoint` (or start the portal) first');
    out(`# ${key.kid}`);
    out(key.pem.trimEnd());
    return key.pem;
  });
}

export function auditCommand(env: CliEnv = {}): Command {
  const cmd = new Command('audit').description('The hash-chained audit log');
  cmd.command('verify').description('Check every row of the chain and the last signed checkpoint; names the first broken row').action(async () => void (await runAuditVerify(env)));
  cmd.command('checkpoint').description('Chain pending rows and sign the head into the checkpoint directory').action(async () => void (await runAuditCheckpoint(env)));
  cmd.command('checkpoint-key').description('Print the public key (PEM) that signs audit checkpoints').action(async () => void (await runAuditCheckpointKey(env)));
  return cmd;
}
