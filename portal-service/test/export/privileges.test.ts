import crypto from 'node:crypto';
import { testDatabases, type OpenedTestDatabase } from '../helpers/databases';

const DENIED = /permission denied/;

describe.each(testDatabases())('de-identified export grants on $name', ({ open }) => {
  let t: OpenedTestDatabase;
  const exportId = crypto.randomUUID();

  beforeAll(async () => {
    t = await open();
    const clinic = crypto.randomUUID();
    await t.dbs.owner.query(`INSERT INTO clinics (id, code, name) VALUES ($1, 'north', 'North')`, [clinic]);
    await t.dbs.owner.query(`INSERT INTO forms (slug, clinic_id, title) VALUES ('intake', $1, 'Intake')`, [clinic]);
  });
  afterAll(async () => t?.cleanup());

  it('portal_app stages rows but cannot read staged answers back', async () => {
    await t.dbs.app.query(`INSERT INTO deid_export_rows (export_id, token, form_slug, received_month, answers) VALUES ($1, 'tok', 'intake', '2026-03-01', '{"smoker":"No"}')`, [exportId]);
    await expect(t.dbs.app.query('SELECT answers FROM deid_export_rows')).rejects.toThrow(DENIED);
    await expect(t.dbs.app.query('SELECT * FROM deid_export_v')).rejects.toThrow(DENIED);
  });

  it('portal_analytics reads staged rows only through the view, month-generalized', async () => {
    const { rows } = await t.dbs.analytics.query('SELECT token, received_month, answers FROM deid_export_v WHERE export_id = $1', [exportId]);
    expect(rows).toEqual([{ token: 'tok', received_month: '2026-03', answers: { smoker: 'No' } }]);
    await expect(t.dbs.analytics.query('SELECT * FROM deid_export_rows')).rejects.toThrow(DENIED);
  });

  it('portal_analytics can read no identifiable table, and cannot write the staging table', async () => {
    for (const table of ['submissions', 'forms', 'keys', 'staff', 'audit_events', 'ehr_clients', 'ehr_access_tokens']) {
      await expect(t.dbs.analytics.query(`SELECT 1 FROM ${table} LIMIT 1`)).rejects.toThrow(DENIED);
    }
    await expect(t.dbs.analytics.query(`DELETE FROM deid_export_rows`)).rejects.toThrow(DENIED);
    await expect(t.dbs.analytics.query(`INSERT INTO audit_events (seq, at, event, outcome, actor_type, action, service, prev_hash, hash) VALUES (99, now(), 'x', 'success', 'system', 'E', 'x', '\\x00', '\\x01')`)).rejects.toThrow(DENIED);
  });

  it('portal_app removes the rows of an export when it is written', async () => {
    const res = await t.dbs.app.query('DELETE FROM deid_export_rows WHERE export_id = $1', [exportId]);
    expect(res.rowCount).toBe(1);
    const { rows } = await t.dbs.analytics.query('SELECT count(*)::int AS n FROM deid_export_v');
    expect(rows).toEqual([{ n: 0 }]);
  });

  it('portal_ingest cannot touch EHR clients, tokens or export rows', async () => {
    for (const table of ['ehr_clients', 'ehr_access_tokens', 'ehr_assertion_jtis', 'deid_export_rows']) {
      await expect(t.dbs.ingest.query(`SELECT 1 FROM ${table} LIMIT 1`)).rejects.toThrow(DENIED);
    }
  });
});
