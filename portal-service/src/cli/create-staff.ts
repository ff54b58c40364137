import { Command, InvalidArgumentError, Option } from 'commander';
import { exitOnConfigError, loadPortalConfig } from '@palisade/config';
import { ROLES, type Role } from '../access/roles';
import { auditAppender } from '../audit/sink';
import { systemClock, type Clock } from '../clock';
import { openDatabases } from '../db/open';
import type { Db } from '../db/types';
import { createStaff } from '../routes/staff/create';

export interface CreateStaffInput {
  email: string;
  name: string;
  roles: Role[];
  clinic?: string;
}

/**
 * Creates the account without a password and returns the one-time enrollment
 * link (the token is stored hashed and expires in 72 h). Audited as the CLI.
 */
export async function runCreateStaff(db: Db, input: CreateStaffInput, opts: { clock: Clock; publicUrl: string }): Promise<{ id: string; link: string; expiresAt: Date }> {
  const audit = auditAppender('portal-cli', opts.clock);
  return db.transaction(async (tx) => {
    const created = await createStaff(
      tx,
      { email: input.email, name: input.name, roles: input.roles.map((role) => ({ role, clinic: role === 'clinician' || role === 'front-desk' ? input.clinic ?? null : null })) },
      { now: opts.clock.now(), publicUrl: opts.publicUrl },
    );
    await audit(tx, { event: 'admin.staff.create', outcome: 'success', actorType: 'system', actorId: 'cli', action: 'C', resourceType: 'staff', resourceId: created.id, detail: { roles: created.grants.map((g) => g.role) } }, {});
    return { id: created.id, link: created.link, expiresAt: created.expiresAt };
  });
}

function collectRole(value: string, previous: Role[] | undefined): Role[] {
  if (!(ROLES as readonly string[]).includes(value)) throw new InvalidArgumentError(`must be one of ${ROLES.join(', ')}`);
  return [...(previous ?? []), value as Role];
}

/** `create-staff --email --name --role <role> [--role ...] [--clinic <code>]`: prints the enrollment link once. */
export function createStaffCommand(): Command {
  return new Command('create-staff')
    .description('Invite a staff member: prints a one-time enrollment link (72 h) where they set a password and enroll TOTP')
    .requiredOption('--email <email>', 'work email (the sign-in name)')
    .requiredOption('--name <name>', 'display name')
    .addOption(new Option('--role <role>', `role to grant (${ROLES.join(', ')}); repeat for several`).argParser(collectRole).makeOptionMandatory())
    .option('--clinic <code>', 'clinic code for clinician and front-desk roles')
    .action(async (opts: { email: string; name: string; role: Role[]; clinic?: string }) => {
      const config = exitOnConfigError(() => loadPortalConfig());
      const dbs = await openDatabases(config);
      try {
        const result = await runCreateStaff(dbs.owner, { email: opts.email, name: opts.name, roles: opts.role, clinic: opts.clinic }, { clock: systemClock, publicUrl: config.publicUrl });
        process.stdout.write(`staff ${result.id} created; enrollment link (valid until ${result.expiresAt.toISOString()}, shown once):\n${result.link}\n`);
      } catch (err) {
        const status = (err as { statusCode?: number }).statusCode;
        if (status && status < 500) {
          process.stderr.write(`create-staff: ${(err as Error).message}\n`);
          process.exitCode = 1;
          return;
        }
        throw err;
      } finally {
        await dbs.close();
      }
    });
}
