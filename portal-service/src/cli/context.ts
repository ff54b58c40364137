import type { PortalConfig } from '@palisade/config';
import { exitOnConfigError, loadPortalConfig } from '@palisade/config';
import { auditAppender, type AuditAppender } from '../audit/sink';
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
    return await fn({
      config,
      dbs,
      clock,
      keys: new KeyService(dbs.owner, kms, clock),
      audit: auditAppender('portal-cli', clock),
      meta: { requestId: `cli:${command}:${clock.now().toISOString()}` },
      out: env.out ?? ((line) => void process.stdout.write(`${line}\n`)),
    });
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
