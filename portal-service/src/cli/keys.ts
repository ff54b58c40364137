import { Command } from 'commander';
import { AuditEvents } from '../audit/events';
import { KeyError, type KeyInfo } from '../keys/intake-keys';
import { CliError, withCli, type CliEnv } from './context';

function row(k: KeyInfo): string {
  const state = k.retiredAt ? `retired ${k.retiredAt.toISOString().slice(0, 10)}` : k.current ? 'current' : 'active';
  return [k.kid.padEnd(34), k.purpose.padEnd(15), k.createdAt.toISOString().slice(0, 10), `${k.ageDays}d`.padStart(6), `  ${state}`].join(' ');
}

/** Public facts only: kid, purpose, dates, state. Private keys never leave the keys module. */
export async function runKeysList(env: CliEnv = {}): Promise<KeyInfo[]> {
  return withCli('keys-list', env, async ({ keys, out }) => {
    await keys.ensure();
    const list = await keys.list();
    out(`${'kid'.padEnd(34)} ${'purpose'.padEnd(15)} created       age  state`);
    for (const k of list) out(row(k));
    out(`key-set fingerprint (the CMS pin): ${await keys.keySetFingerprint()}`);
    return list;
  });
}

export async function runKeysRotate(env: CliEnv = {}): Promise<KeyInfo> {
  return withCli('keys-rotate', env, async ({ keys, audit, meta, out }) => {
    await keys.ensure();
    const key = await keys.rotate((tx, k) =>
      audit(tx, { event: AuditEvents.keyRotate, outcome: 'success', actorType: 'system', actorId: 'cli', action: 'C', resourceType: 'key', resourceId: k.kid, detail: { purpose: k.purpose } }, meta),
    );
    out(`new current intake key: ${key.kid} (older keys keep opening their submissions until retired)`);
    return key;
  });
}

export async function runKeysRetire(kid: string, env: CliEnv = {}): Promise<KeyInfo> {
  return withCli('keys-retire', env, async ({ keys, audit, meta, out }) => {
    try {
      const key = await keys.retire(kid, (tx, k) =>
        audit(tx, { event: AuditEvents.keyRetire, outcome: 'success', actorType: 'system', actorId: 'cli', action: 'U', resourceType: 'key', resourceId: k.kid, detail: { purpose: k.purpose } }, meta),
      );
      out(`retired ${key.kid}: it left the key set and opens nothing any more`);
      return key;
    } catch (err) {
      if (err instanceof KeyError) throw new CliError(err.message);
      throw err;
    }
  });
}

export function keysCommand(env: CliEnv = {}): Command {
  const keys = new Command('keys').description('Intake keys and the key-set signing key');
  keys.command('list').description('List keys with their ages (no key material)').action(async () => void (await runKeysList(env)));
  keys.command('rotate').description('Add a new intake key and make it current').action(async () => void (await runKeysRotate(env)));
  keys
    .command('retire <kid>')
    .description('Retire an old intake key (refused for the current key and while its submissions are not done)')
    .action(async (kid: string) => void (await runKeysRetire(kid, env)));
  return keys;
}
