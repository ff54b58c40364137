import { CANARY, INTAKE_ANSWERS, INTAKE_DEFINITION } from '../../src/fhir/fhir.fixtures';
import { runDeidentifiedExport, type DeidentifiedExportDeps } from '../../src/export/run';
import { readStaged } from '../../src/export/extract';
import { ExportError } from '../../src/export/stage';
import { testDatabases, type OpenedTestDatabase } from '../helpers/databases';
import { sealedStore, seedClinic, seedForm, seedKey, seedSubmission, testAudit } from '../fhir/seed';

const FORM = 'new-patient-intake';
const window = { from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-04-01T00:00:00Z') };

function parseCsv(csv: string): Record<string, string>[] {
  const [head, ...lines] = csv.trim().split('\r\n');
  const header = (head ?? '').split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [header[i] ?? '', v])));
}

describe.each(testDatabases())('de-identified export on $name', ({ open }) => {
  let t: OpenedTestDatabase;
  let deps: DeidentifiedExportDeps;
  const ids: string[] = [];

  beforeAll(async () => {
    t = await open();
    const store = await sealedStore();
    const clinic = await seedClinic(t.dbs.owner, 'north');
    const other = await seedClinic(t.dbs.owner, 'south');
    await seedKey(t.dbs.owner);
    await seedForm(t.dbs.owner, { slug: FORM, clinicId: clinic, definition: INTAKE_DEFINITION });
    await seedForm(t.dbs.owner, { slug: 'south-intake', clinicId: other, definition: INTAKE_DEFINITION });
    // Twelve patients who look alike once generalized, with identities that must never leave.
    for (let i = 0; i < 12; i++) {
      const answers = { ...INTAKE_ANSWERS, fullName: `${CANARY.name} ${i}`, email: `${i}.${CANARY.email}`, visitDate: `2026-03-${String(10 + i).padStart(2, '0')}` };
      ids.push(await seedSubmission(t.dbs.owner, store, { form: FORM, clinicId: clinic, answers, receivedAt: new Date(Date.UTC(2026, 2, 1 + i, 9)) }));
    }
    // Three who stand out: each alone in their group.
    for (const [i, smoker] of (['Yes', 'Yes', 'No'] as const).entries()) {
      const answers = { ...INTAKE_ANSWERS, smoker, age: String(30 + i), fullName: `Outlier ${i}` };
      ids.push(await seedSubmission(t.dbs.owner, store, { form: FORM, clinicId: clinic, answers, receivedAt: new Date(Date.UTC(2026, 2, 20 + i, 9)) }));
    }
    // Outside the window, and another clinic's form: never part of this export.
    await seedSubmission(t.dbs.owner, store, { form: FORM, clinicId: clinic, answers: INTAKE_ANSWERS, receivedAt: new Date('2026-04-02T00:00:00Z') });
    await seedSubmission(t.dbs.owner, store, { form: 'south-intake', clinicId: other, answers: INTAKE_ANSWERS, receivedAt: new Date('2026-03-05T00:00:00Z') });
    deps = { app: t.dbs.app, analytics: t.dbs.analytics, keys: store.keys, audit: testAudit, actor: { actorType: 'system', actorId: 'cli:test' } };
  });
  afterAll(async () => t?.cleanup());

  it('releases only generalized columns and suppresses every group smaller than k', async () => {
    const { csv, summary } = await runDeidentifiedExport(deps, { form: FORM, ...window });
    expect(summary).toMatchObject({ staged: 15, exported: 12, suppressed: 3, k: 11, skipped: 0 });
    const rows = parseCsv(csv);
    expect(Object.keys(rows[0] ?? {})).toEqual(['token', 'received_month', 'age', 'visitDate', 'visitType', 'smoker', 'symptoms', 'consent']);
    expect(rows).toHaveLength(12);
    expect(new Set(rows.map((r) => JSON.stringify({ ...r, token: '' })))).toEqual(
      new Set([JSON.stringify({ token: '', received_month: '2026-03', age: '90+', visitDate: '2026-03', visitType: 'Follow-up', smoker: 'No', symptoms: 'Cough;Fever', consent: 'true' })]),
    );
  });

  it('no identity, contact, free text, exact date or submission id can be recovered from the file', async () => {
    const { csv } = await runDeidentifiedExport(deps, { form: FORM, ...window, k: 2 });
    for (const secret of [CANARY.name, CANARY.email, CANARY.phone, CANARY.birthDate, CANARY.reason, CANARY.history, 'Outlier', '2026-03-17']) {
      expect(csv).not.toContain(secret);
    }
    // The 93-year-olds are only "90+"; no exact age above 89 leaves.
    expect(parseCsv(csv).map((r) => r.age)).toEqual(Array(12).fill('90+'));
    for (const id of ids) {
      expect(csv).not.toContain(id);
      expect(csv).not.toContain(id.replaceAll('-', ''));
    }
  });

  it('tokens are unique within an export and share nothing with another export of the same rows', async () => {
    const first = parseCsv((await runDeidentifiedExport(deps, { form: FORM, ...window, k: 2 })).csv).map((r) => r.token);
    const second = parseCsv((await runDeidentifiedExport(deps, { form: FORM, ...window, k: 2 })).csv).map((r) => r.token);
    expect(new Set(first).size).toBe(first.length);
    expect(first.filter((tok) => second.includes(tok))).toEqual([]);
  });

  it('k and the quasi-identifiers are configurable: at k = 2 the outliers (distinct ages) still go, grouped by month and smoking alone they stay', async () => {
    const { summary } = await runDeidentifiedExport(deps, { form: FORM, ...window, k: 2 });
    expect(summary).toMatchObject({ exported: 12, suppressed: 3 });
    const coarse = await runDeidentifiedExport(deps, { form: FORM, ...window, k: 2, quasiIdentifiers: ['received_month', 'smoker'] });
    expect(coarse.summary).toMatchObject({ exported: 15, suppressed: 0 });
  });

  it('an allowlisted free-text field is released, the others still are not', async () => {
    const { csv } = await runDeidentifiedExport(deps, { form: FORM, ...window, allowFreeText: ['reason'] });
    expect(parseCsv(csv)[0]).toHaveProperty('reason');
    expect(csv).toContain('CANARY-REASON');
    expect(csv).not.toContain('CANARY-HISTORY');
    await expect(runDeidentifiedExport(deps, { form: FORM, ...window, allowFreeText: ['email'] })).rejects.toThrow(ExportError);
  });

  it('leaves no staged rows behind and audits each export without PHI', async () => {
    const { summary } = await runDeidentifiedExport(deps, { form: FORM, ...window });
    expect(await readStaged(t.dbs.analytics, summary.exportId)).toEqual([]);
    const audit = await t.dbs.owner.query<{ event: string; detail: Record<string, unknown> }>(`SELECT event, detail FROM audit_events WHERE detail->>'exportId' = $1 ORDER BY id`, [summary.exportId]);
    expect(audit.rows.map((r) => [r.event, r.detail.phase])).toEqual([
      ['submission.export', 'staging'],
      ['submission.export', 'written'],
    ]);
    expect(JSON.stringify(audit.rows)).not.toMatch(/Canary|CANARY|555-0199/);
  });

  it('the export rows can be read with the analytics role only, never with the app role', async () => {
    await expect(readStaged(t.dbs.app, '00000000-0000-4000-8000-000000000000')).rejects.toThrow(/permission denied/);
  });

  it('refuses an unknown form and an empty window, staging nothing', async () => {
    await expect(runDeidentifiedExport(deps, { form: 'nope', ...window })).rejects.toThrow('There is no registered form "nope".');
    await expect(runDeidentifiedExport(deps, { form: FORM, from: window.to, to: window.from })).rejects.toThrow(ExportError);
    const { rows } = await t.dbs.owner.query<{ n: number }>('SELECT count(*)::int AS n FROM deid_export_rows');
    expect(rows).toEqual([{ n: 0 }]);
  });
});
