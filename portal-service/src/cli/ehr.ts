import fs from 'node:fs';
import { Command } from 'commander';
import { listClients, registerClient, RegistrationError, revokeClient, type EhrClient } from '../ehr/clients';
import { CliError, withCli, type CliEnv } from './context';

export interface EhrRegisterOptions {
  clinic: string;
  name: string;
  scopes: string;
  jwks: string;
  contactOnly?: boolean;
}

function describe(c: EhrClient): string {
  return `${c.id}  clinic ${c.clinicId}  ${c.revokedAt ? `revoked ${c.revokedAt.toISOString().slice(0, 10)}` : 'active'}  ${c.scopes.join(' ')}  ${c.answerScope}  "${c.name}"`;
}

export async function runEhrRegister(opts: EhrRegisterOptions, env: CliEnv = {}): Promise<EhrClient> {
  let jwks: unknown;
  try {
    jwks = JSON.parse(fs.readFileSync(opts.jwks, 'utf8'));
  } catch {
    throw new CliError(`--jwks ${opts.jwks} is not a readable JSON file`);
  }
  return withCli('ehr-register', env, async ({ config, dbs, clock, audit, meta, out }) => {
    const client = await dbs.owner
      .transaction(async (tx) => {
        const created = await registerClient(tx, {
          clinic: opts.clinic,
          name: opts.name,
          scopes: opts.scopes.split(/[\s,]+/).filter(Boolean),
          jwks,
          answerScope: opts.contactOnly ? 'contact-only' : 'all',
          createdBy: null,
          now: clock.now(),
        });
        await audit(
          tx,
          { event: 'admin.ehr-client.register', outcome: 'success', actorType: 'system', actorId: 'cli', action: 'C', resourceType: 'ehr-client', resourceId: created.id, clinicId: created.clinicId, detail: { scopes: created.scopes, visibility: created.answerScope, keys: created.jwks.keys.length } },
          meta,
        );
        return created;
      })
      .catch((err: unknown) => {
        throw err instanceof RegistrationError ? new CliError(err.message) : err;
      });
    const base = config.publicUrl.replace(/\/+$/, '');
    out(`registered EHR client ${client.id} for clinic ${client.clinicId}`);
    out(`client_id:      ${client.id}`);
    out(`token endpoint: ${base}/oauth/token (aud of the client assertion)`);
    out(`FHIR base:      ${base}/fhir`);
    out(`scopes:         ${client.scopes.join(' ')}`);
    return client;
  });
}

export async function runEhrList(env: CliEnv = {}): Promise<EhrClient[]> {
  return withCli('ehr-list', env, async ({ dbs, out }) => {
    const clients = await listClients(dbs.owner);
    for (const c of clients) out(describe(c));
    if (clients.length === 0) out('no EHR clients registered');
    return clients;
  });
}

export async function runEhrRevoke(id: string, env: CliEnv = {}): Promise<EhrClient> {
  if (!/^[0-9a-f-]{36}$/.test(id)) throw new CliError('give the client id (a uuid)');
  return withCli('ehr-revoke', env, async ({ dbs, clock, audit, meta, out }) => {
    const client = await dbs.owner.transaction(async (tx) => {
      const revoked = await revokeClient(tx, id, clock.now());
      if (!revoked) throw new CliError(`no EHR client ${id}`);
      await audit(tx, { event: 'admin.ehr-client.revoke', outcome: 'success', actorType: 'system', actorId: 'cli', action: 'U', resourceType: 'ehr-client', resourceId: id, clinicId: revoked.clinicId }, meta);
      return revoked;
    });
    out(`revoked ${client.id}; its tokens stopped working`);
    return client;
  });
}

export function ehrCommand(env: CliEnv = {}): Command {
  const ehr = new Command('ehr').description('EHR clients (SMART Backend Services: client credentials with a signed JWT)');
  ehr
    .command('register')
    .description('Register a client for a clinic with its public JWK or JWK Set')
    .requiredOption('--clinic <code>', 'clinic code (or id) whose data the client may read')
    .requiredOption('--name <name>', 'a name for people (the EHR, the site)')
    .requiredOption('--scopes <scopes>', 'space- or comma-separated, e.g. "system/QuestionnaireResponse.rs system/Questionnaire.rs"')
    .requiredOption('--jwks <file.json>', "the client's public key(s): a JWK Set or one JWK (RS384 or ES384)")
    .option('--contact-only', 'the client sees contact fields only, like front-desk staff')
    .action(async (opts: EhrRegisterOptions) => {
      await runEhrRegister(opts, env);
    });
  ehr.command('list').description('Registered clients').action(async () => {
    await runEhrList(env);
  });
  ehr
    .command('revoke')
    .description('Revoke a client and its live tokens')
    .argument('<id>', 'client id')
    .action(async (id: string) => {
      await runEhrRevoke(id, env);
    });
  return ehr;
}
