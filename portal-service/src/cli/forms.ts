import fs from 'node:fs';
import { Command } from 'commander';
import { FormDefinitionSchema } from '../access/form-definition';
import { AuditEvents } from '../audit/events';
import { CliError, withCli, type CliEnv } from './context';

const SLUG = /^[a-z0-9][a-z0-9-]{0,127}$/;

export interface RegisterFormOptions {
  slug: string;
  clinic: string;
  title: string;
  definition?: string;
  retentionDays?: string;
}

function readDefinition(file: string | undefined): unknown[] {
  if (!file) return [];
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    throw new CliError(`--definition ${file} is not a readable JSON file`);
  }
  const parsed = FormDefinitionSchema.safeParse(raw);
  if (!parsed.success) {
    const where = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new CliError(`--definition does not match the field list format (${where.join('; ')})`);
  }
  const keys = parsed.data.map((f) => f.key);
  if (new Set(keys).size !== keys.length) throw new CliError('--definition has duplicate field keys');
  return parsed.data;
}

/**
 * Registers a form slug to a clinic (the intake takes the clinic from here,
 * never from the CMS). Re-registering updates title, fields and retention but
 * never moves a form to another clinic.
 */
export async function runRegisterForm(opts: RegisterFormOptions, env: CliEnv = {}): Promise<{ created: boolean }> {
  if (!SLUG.test(opts.slug)) throw new CliError('--slug must be lowercase letters, digits and dashes');
  const title = opts.title.trim();
  if (!title || title.length > 200) throw new CliError('--title must be 1-200 characters');
  const retention = opts.retentionDays === undefined ? 365 : Number(opts.retentionDays);
  if (!Number.isInteger(retention) || retention < 1 || retention > 36500) throw new CliError('--retention-days must be a whole number of days (1-36500)');
  const definition = readDefinition(opts.definition);

  return withCli('forms-register', env, async ({ dbs, clock, audit, meta, out }) => {
    const created = await dbs.owner.transaction(async (tx) => {
      const clinic = await tx.query<{ id: string }>(`SELECT id FROM clinics WHERE code = $1 OR id::text = $1`, [opts.clinic]);
      const clinicId = clinic.rows[0]?.id;
      if (!clinicId) throw new CliError(`no clinic ${opts.clinic}`);
      const existing = await tx.query<{ clinic_id: string }>(`SELECT clinic_id FROM forms WHERE slug = $1 FOR UPDATE`, [opts.slug]);
      const prior = existing.rows[0];
      if (prior && prior.clinic_id !== clinicId) throw new CliError(`form ${opts.slug} belongs to another clinic; it cannot move`);
      if (prior) {
        await tx.query(`UPDATE forms SET title = $2, definition = $3::jsonb, retention_days = $4 WHERE slug = $1`, [opts.slug, title, JSON.stringify(definition), retention]);
      } else {
        await tx.query(
          `INSERT INTO forms (slug, clinic_id, title, definition, retention_days, created_at) VALUES ($1, $2, $3, $4::jsonb, $5, $6)`,
          [opts.slug, clinicId, title, JSON.stringify(definition), retention, clock.now()],
        );
      }
      await audit(
        tx,
        { event: AuditEvents.formRegister, outcome: 'success', actorType: 'system', actorId: 'cli', action: prior ? 'U' : 'C', resourceType: 'form', resourceId: opts.slug, clinicId, detail: { fields: definition.length, retentionDays: retention } },
        meta,
      );
      return !prior;
    });
    out(`form ${opts.slug} ${created ? 'registered' : 'updated'}`);
    return { created };
  });
}

export function formsCommand(env: CliEnv = {}): Command {
  const forms = new Command('forms').description('The form registry (form slug → clinic, field labels, retention)');
  forms
    .command('register')
    .description('Register a form slug to a clinic, or update its title, fields and retention')
    .requiredOption('--slug <slug>', 'form slug as published by the CMS')
    .requiredOption('--clinic <code>', 'clinic code (or id) that receives its submissions')
    .requiredOption('--title <title>', 'title shown to staff')
    .option('--definition <file.json>', 'field list: [{ key, label, type?, options?, sensitivity? }]')
    .option('--retention-days <days>', 'days a submission is kept', '365')
    .action(async (opts: RegisterFormOptions) => {
      await runRegisterForm(opts, env);
    });
  return forms;
}
