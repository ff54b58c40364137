import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runAuditVerify } from '../../src/cli/audit';
import { CliError, type CliEnv } from '../../src/cli/context';
import { runCreateClinic } from '../../src/cli/create-clinic';
import { runRegisterForm } from '../../src/cli/forms';
import { runKeysList, runKeysRetire, runKeysRotate } from '../../src/cli/keys';
import { runMigrate } from '../../src/cli/migrate';
import { FakeClock } from '../../src/clock';
import { testDatabases, type OpenedTestDatabase } from '../helpers/databases';

describe.each(testDatabases())('portal CLI on $name', ({ open }) => {
  let t: OpenedTestDatabase;
  let lines: string[];
  let env: CliEnv;
  const clock = new FakeClock();

  beforeAll(async () => {
    t = await open();
    lines = [];
    env = { config: t.config, clock, databases: t.dbs, out: (l) => lines.push(l) };
  });
  afterAll(async () => t?.cleanup());
  beforeEach(() => {
    lines.length = 0;
  });

  it('migrate is idempotent on a migrated database', async () => {
    const again = await runMigrate(env);
    expect(again.applied).toEqual([]);
    expect(lines.join('\n')).toMatch(/up to date/);
  });

  it('create-clinic adds a clinic, refuses a duplicate code, and audits the creation', async () => {
    const { id } = await runCreateClinic({ code: 'north', name: 'North Clinic' }, env);
    await expect(runCreateClinic({ code: 'north', name: 'Again' }, env)).rejects.toThrow(CliError);
    await expect(runCreateClinic({ code: 'Bad Code', name: 'x' }, env)).rejects.toThrow(/--code/);
    const audit = await t.dbs.owner.query<{ resource_id: string; service: string }>(`SELECT resource_id, service FROM audit_events WHERE event = 'admin.clinic.create'`);
    expect(audit.rows).toEqual([{ resource_id: id, service: 'portal-cli' }]);
  });

  it('forms register binds a slug to a clinic, updates it in place, and never moves it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-form-'));
    const file = path.join(dir, 'def.json');
    fs.writeFileSync(file, JSON.stringify([{ key: 'name', label: 'Name', sensitivity: 'contact' }, { key: 'reason', label: 'Reason' }]));
    expect(await runRegisterForm({ slug: 'new-patient', clinic: 'north', title: 'New patient', definition: file, retentionDays: '90' }, env)).toEqual({ created: true });
    expect(await runRegisterForm({ slug: 'new-patient', clinic: 'north', title: 'New patient v2', definition: file }, env)).toEqual({ created: false });
    await runCreateClinic({ code: 'south', name: 'South' }, env);
    await expect(runRegisterForm({ slug: 'new-patient', clinic: 'south', title: 'x' }, env)).rejects.toThrow(/cannot move/);
    fs.writeFileSync(file, JSON.stringify([{ label: 'no key' }]));
    await expect(runRegisterForm({ slug: 'other', clinic: 'north', title: 'x', definition: file }, env)).rejects.toThrow(/--definition/);
    const { rows } = await t.dbs.owner.query<{ title: string; retention_days: number; n: unknown }>(
      `SELECT title, retention_days, jsonb_array_length(definition) AS n FROM forms WHERE slug = 'new-patient'`,
    );
    expect(rows[0]).toMatchObject({ title: 'New patient v2', retention_days: 365 });
    expect(Number(rows[0]!.n)).toBe(2);
  });

  it('keys rotate / list / retire, without ever printing key material', async () => {
    const before = await runKeysList(env);
    const oldIntake = before.find((k) => k.purpose === 'intake' && k.current)!;
    clock.advance(86_400 * 3);
    const rotated = await runKeysRotate(env);
    expect(rotated.kid).not.toBe(oldIntake.kid);
    const after = await runKeysList(env);
    expect(after.find((k) => k.kid === oldIntake.kid)).toMatchObject({ current: false, retiredAt: null, ageDays: 3 });
    expect(after.find((k) => k.kid === rotated.kid)).toMatchObject({ current: true });

    await expect(runKeysRetire(rotated.kid, env)).rejects.toThrow(/current intake key/);
    await runKeysRetire(oldIntake.kid, env);
    await expect(runKeysRetire(oldIntake.kid, env)).rejects.toThrow(/already retired/);

    const wrapped = await t.dbs.owner.query<{ private_wrapped: Buffer }>(`SELECT private_wrapped FROM keys`);
    const printed = lines.join('\n');
    for (const r of wrapped.rows) {
      expect(printed).not.toContain(r.private_wrapped.toString('base64'));
      expect(printed).not.toContain(r.private_wrapped.toString('hex').slice(0, 32));
    }
    expect(printed).toMatch(/key-set fingerprint \(the CMS pin\): sha256:/);
  });

  it('audit verify reports an intact chain, then names the tampered row and fails', async () => {
    const ok = await runAuditVerify(env);
    expect(ok.ok).toBe(true);
    await t.superuser.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update');
    await t.superuser.query(`UPDATE audit_events SET actor_id = 'mallory' WHERE seq = 2`);
    await t.superuser.query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update');
    const broken = await runAuditVerify(env);
    expect(broken).toMatchObject({ ok: false, brokenAt: 2, reason: 'hash-mismatch' });
    expect(lines.at(-1)).toMatch(/BROKEN at row #2/);
    expect(process.exitCode).toBe(1);
    process.exitCode = 0;
  });
});
