import type { PortalConfig } from '@palisade/config';
import { exitOnConfigError, loadPortalConfig } from '@palisade/config';
import { auditAppender, type AuditAppender } from '../audit/sink';
import type { AuditChainer } from '../audit/chainer';
import { createAuditChainer } from '../audit/chainer-setup';
import { systemClock, type Clock } from '../clock';
import { openDatabases } from '../db/open';
import type { Databases } from '../db/types';
import { KeyService } from '../keys/intake-keys';
import { kmsFromConfig } from '../keys/kms';

/** What an operator command works with: the owner handle, keys and an audit appender stamped 'portal-cli'. */
export interface CliContext {
  config: PortalConfig;
  dbs: Databases;
  clock: Clock;
  keys: KeyService;
  audit: AuditAppender;
  /** Chains audit rows (flush before a complete read); the rows the command wrote are chained when it ends. */
  chain: AuditChainer;
  /** Audit meta of the CLI: no ip, a request id naming the command run. */
  meta: { requestId: string };
  out(line: string): void;
}

export interface CliEnv {
  /** Defaults to loading the environment (and exiting on a configuration error). */
  config?: PortalConfig;
  clock?: Clock;
  out?: (line: string) => void;
  /** Already-open databases (tests, embedding); left open afterwards. */
  databases?: Databases;
}

/** Opens the databases as owner for one command and always closes them. */
export async function withCli<T>(command: string, env: CliEnv, fn: (ctx: CliContext) => Promise<T>): Promise<T> {
  const config = env.config ?? exitOnConfigError(() => loadPortalConfig());
  const clock = env.clock ?? systemClock;
  const dbs = env.databases ?? (await openDatabases(config));
  try {
    const kms = await kmsFromConfig(config);
    const chain = createAuditChainer(dbs.owner, kms, config, clock);
    const result = await fn({
      config,
      dbs,
      clock,
      keys: new KeyService(dbs.owner, kms, clock),
      audit: auditAppender('portal-cli', clock),
      chain,
      meta: { requestId: `cli:${command}:${clock.now().toISOString()}` },
      out: env.out ?? ((line) => void process.stdout.write(`${line}\n`)),
    });
    // Pending rows are never lost (the portal chains them at its next start), so a failed flush only warns.
    await chain.flush().catch((err: unknown) => void process.stderr.write(`audit rows left for the portal to chain: ${(err as Error).message}\n`));
    return result;
  } finally {
    if (!env.databases) await dbs.close();
  }
}

/** An operator mistake: the message is printed and the process exits with status 1. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}
