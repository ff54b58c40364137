import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CliEnv } from '../../src/cli/context';
import { runEhrList, runEhrRegister, runEhrRevoke } from '../../src/cli/ehr';
import { runExportDeidentified, windowBound } from '../../src/cli/export';
import { FakeClock } from '../../src/clock';
import { clientKey } from '../../src/ehr/ehr.fixtures';
import { CANARY, INTAKE_ANSWERS, INTAKE_DEFINITION } from '../../src/fhir/fhir.fixtures';
import { sodiumReady } from '../../src/identity/sodium';
import { KeyService } from '../../src/keys/intake-keys';
import { kmsFromConfig } from '../../src/keys/kms';
import { seedClinic, seedForm, seedSubmission } from '../fhir/seed';
import { testDatabases, type OpenedTestDatabase } from '../helpers/databases';

describe.each(testDatabases())('export and ehr commands on $name', ({ open }) => {
  let t: OpenedTestDatabase;
  let env: CliEnv;
  let dir: string;
  const lines: string[] = [];
  const clock = new FakeClock('2026-05-01T00:00:00Z');

  beforeAll(async () => {
    t = await open();
    env = { config: t.config, clock, databases: t.dbs, out: (l) => lines.push(l) };
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-export-'));
    const keys = new KeyService(t.dbs.owner, await kmsFromConfig(t.config), clock);
    await keys.ensure();
    const current = await keys.current();
    const sodium = await sodiumReady();
    const store = { keys, seal: async (p: object) => Buffer.from(sodium.crypto_box_seal(JSON.stringify(p), current.publicKey)) };
    const clinic = await seedClinic(t.dbs.owner, 'north');
    await seedForm(t.dbs.owner, { slug: 'intake', clinicId: clinic, definition: INTAKE_DEFINITION });
    for (let i = 0; i < 11; i++) {
      await seedSubmission(t.dbs.owner, store, { form: 'intake', clinicId: clinic, kid: current.kid, answers: { ...INTAKE_ANSWERS, fullName: `${CANARY.name} ${i}` }, receivedAt: new Date(Date.UTC(2026, 2, 3 + i)) });
    }
  });
  afterAll(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await t?.cleanup();
  });
  beforeEach(() => {
    lines.length = 0;
  });

  it('export deidentified writes a new owner-only CSV and prints what it kept, dropped and suppressed', async () => {
    const out = path.join(dir, 'march.csv');
    const summary = await runExportDeidentified({ form: 'intake', from: '2026-03-01', to: '2026-03-31', out }, env);
    expect(summary).toMatchObject({ staged: 11, exported: 11, suppressed: 0, k: 11 });
    const csv = fs.readFileSync(out, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('token,received_month,age,visitDate,visitType,smoker,symptoms,consent');
    expect(csv).not.toContain(CANARY.name);
    expect(fs.statSync(out).mode & 0o777).toBe(0o600);
    expect(lines.join('\n')).toMatch(/11 released, 0 suppressed/);
    expect(lines.join('\n')).toMatch(/fullName \(identity\)/);
    await expect(runExportDeidentified({ form: 'intake', from: '2026-03-01', to: '2026-03-31', out }, env)).rejects.toThrow(/already exists/);
    const audit = await t.dbs.owner.query<{ service: string; actor_id: string }>(`SELECT service, actor_id FROM audit_events WHERE event = 'submission.export'`);
    expect(audit.rows).toEqual([
      { service: 'portal-cli', actor_id: 'cli' },
      { service: 'portal-cli', actor_id: 'cli' },
    ]);
  });

  it('--k above the group size suppresses everything; bad options are refused before anything runs or any file is left', async () => {
    const summary = await runExportDeidentified({ form: 'intake', from: '2026-03-01', to: '2026-03-31', out: path.join(dir, 'k12.csv'), k: '12' }, env);
    expect(summary).toMatchObject({ exported: 0, suppressed: 11 });
    await expect(runExportDeidentified({ form: 'intake', from: '2026-03-01', to: '2026-03-31', format: 'parquet' }, env)).rejects.toThrow(/csv/);
    await expect(runExportDeidentified({ form: 'intake', from: '2026-03-01', to: '2026-03-31', k: '1' }, env)).rejects.toThrow(/--k/);
    await expect(runExportDeidentified({ form: 'intake', from: 'March', to: '2026-03-31' }, env)).rejects.toThrow(/--from/);
    const orphan = path.join(dir, 'nope.csv');
    await expect(runExportDeidentified({ form: 'nope', from: '2026-03-01', to: '2026-03-31', out: orphan }, env)).rejects.toThrow(/no registered form/);
    expect(fs.existsSync(orphan)).toBe(false);
  });

  it('reads a date-only --to as the whole day', () => {
    expect(windowBound('2026-03-31', 'to').toISOString()).toBe('2026-04-01T00:00:00.000Z');
    expect(windowBound('2026-03-31T12:00:00Z', 'to').toISOString()).toBe('2026-03-31T12:00:00.000Z');
  });

  it('ehr register, list and revoke manage clients from the command line, audited as the CLI', async () => {
    const key = clientKey('ES384', 'cli-key');
    const jwks = path.join(dir, 'jwks.json');
    fs.writeFileSync(jwks, JSON.stringify({ keys: [key.publicJwk] }));
    const client = await runEhrRegister({ clinic: 'north', name: 'North EHR', scopes: 'system/QuestionnaireResponse.rs,system/Questionnaire.rs', jwks }, env);
    expect(lines.join('\n')).toContain(`client_id:      ${client.id}`);
    expect((await runEhrList(env)).map((c) => c.id)).toContain(client.id);
    await runEhrRevoke(client.id, env);
    expect((await runEhrList(env)).find((c) => c.id === client.id)?.revokedAt).not.toBeNull();
    fs.writeFileSync(jwks, JSON.stringify(key.privateKey.export({ format: 'jwk' })));
    await expect(runEhrRegister({ clinic: 'north', name: 'Leaky', scopes: 'system/QuestionnaireResponse.rs', jwks }, env)).rejects.toThrow(/private key material/);
    const audit = await t.dbs.owner.query<{ event: string }>(`SELECT event FROM audit_events WHERE resource_type = 'ehr-client' ORDER BY id`);
    expect(audit.rows.map((r) => r.event)).toEqual(['admin.ehr-client.register', 'admin.ehr-client.revoke']);
  });
});
