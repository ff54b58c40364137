import { randomUUID } from 'node:crypto';
import { Command } from 'commander';
import { AuditEvents } from '../audit/events';
import { CliError, withCli, type CliEnv } from './context';

const CODE = /^[a-z0-9][a-z0-9-]{1,62}$/;

export async function runCreateClinic(opts: { code: string; name: string }, env: CliEnv = {}): Promise<{ id: string }> {
  if (!CODE.test(opts.code)) throw new CliError('--code must be 2-63 lowercase letters, digits or dashes');
  const name = opts.name.trim();
  if (!name || name.length > 200) throw new CliError('--name must be 1-200 characters');
  return withCli('create-clinic', env, async ({ dbs, clock, audit, meta, out }) => {
    const id = randomUUID();
    await dbs.owner.transaction(async (tx) => {
      const res = await tx.query(`INSERT INTO clinics (id, code, name, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO NOTHING`, [id, opts.code, name, clock.now()]);
      if (res.rowCount === 0) throw new CliError(`a clinic with code ${opts.code} already exists`);
      await audit(tx, { event: AuditEvents.clinicCreate, outcome: 'success', actorType: 'system', actorId: 'cli', action: 'C', resourceType: 'clinic', resourceId: id, clinicId: id, detail: { code: opts.code } }, meta);
    });
    out(`clinic ${opts.code} created: ${id}`);
    return { id };
  });
}

export function createClinicCommand(env: CliEnv = {}): Command {
  return new Command('create-clinic')
    .description('Add a clinic (submissions of its forms are visible only to its staff)')
    .requiredOption('--code <code>', 'short lowercase code, e.g. north')
    .requiredOption('--name <name>', 'display name')
    .action(async (opts: { code: string; name: string }) => {
      await runCreateClinic(opts, env);
    });
}
