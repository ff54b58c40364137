import { Command, InvalidArgumentError, Option } from 'commander';
import { ROLES, type Role } from '../access/roles';
import { AuditEvents } from '../audit/events';
import { auditAppender, type AuditAppender } from '../audit/sink';
import type { Clock } from '../clock';
import type { Db } from '../db/types';
import { createStaff } from '../routes/staff/create';
import { CliError, withCli, type CliEnv } from './context';

export interface CreateStaffInput {
  email: string;
  name: string;
  roles: Role[];
  /** Clinic code for the clinician and front-desk roles. */
  clinic?: string;
}

/**
 * Creates the account without a password and returns the one-time enrollment
 * link (the token is stored hashed and expires in 72 h). Audited as the CLI.
 */
export async function runCreateStaff(
  db: Db,
  input: CreateStaffInput,
  opts: { clock: Clock; publicUrl: string; audit?: AuditAppender; meta?: { requestId?: string } },
): Promise<{ id: string; link: string; expiresAt: Date }> {
  const audit = opts.audit ?? auditAppender('portal-cli', opts.clock);
  return db.transaction(async (tx) => {
    const created = await createStaff(
      tx,
      { email: input.email, name: input.name, roles: input.roles.map((role) => ({ role, clinic: role === 'clinician' || role === 'front-desk' ? input.clinic ?? null : null })) },
      { now: opts.clock.now(), publicUrl: opts.publicUrl },
    );
    await audit(tx, { event: AuditEvents.staffCreate, outcome: 'success', actorType: 'system', actorId: 'cli', action: 'C', resourceType: 'staff', resourceId: created.id, detail: { roles: created.grants.map((g) => g.role) } }, opts.meta ?? {});
    return { id: created.id, link: created.link, expiresAt: created.expiresAt };
  });
}

/** The command body: prints the link once; a refused input is an operator error (exit 1), not a crash. */
export async function createStaffCli(input: CreateStaffInput, env: CliEnv = {}): Promise<{ id: string; link: string; expiresAt: Date }> {
  return withCli('create-staff', env, async ({ config, dbs, clock, audit, meta, out }) => {
    try {
      const result = await runCreateStaff(dbs.owner, input, { clock, publicUrl: config.publicUrl, audit, meta });
      out(`staff ${result.id} created. Enrollment link (shown once, valid until ${result.expiresAt.toISOString()}):`);
      out(result.link);
      return result;
    } catch (err) {
      const status = (err as { statusCode?: number }).statusCode;
      if (status !== undefined && status < 500) throw new CliError((err as Error).message);
      throw err;
    }
  });
}

function collectRole(value: string, previous: Role[] | undefined): Role[] {
  if (!(ROLES as readonly string[]).includes(value)) throw new InvalidArgumentError(`must be one of ${ROLES.join(', ')}`);
  return [...(previous ?? []), value as Role];
}

/** `create-staff --email --name --role <role> [--role ...] [--clinic <code>]` */
export function createStaffCommand(env: CliEnv = {}): Command {
  return new Command('create-staff')
    .description('Invite a staff member: prints a one-time enrollment link (72 h) where they set a password and enroll TOTP')
    .requiredOption('--email <email>', 'work email (the sign-in name)')
    .requiredOption('--name <name>', 'display name')
    .addOption(new Option('--role <role>', `role to grant (${ROLES.join(', ')}); repeat for several`).argParser(collectRole).makeOptionMandatory())
    .option('--clinic <code>', 'clinic code for clinician and front-desk roles')
    .action(async (opts: { email: string; name: string; role: Role[]; clinic?: string }) => {
      await createStaffCli({ email: opts.email, name: opts.name, roles: opts.role, clinic: opts.clinic }, env);
    });
}
