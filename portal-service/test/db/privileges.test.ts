import crypto from 'node:crypto';
import { testDatabases, type OpenedTestDatabase } from '../helpers/databases';
import { seedTwoClinics, type Fixture } from './fixtures';

const DENIED = /permission denied/;

describe.each(testDatabases())('database roles on $name', ({ open }) => {
  let t: OpenedTestDatabase;
  let f: Fixture;

  beforeAll(async () => {
    t = await open();
    f = await seedTwoClinics(t.dbs.owner);
  });
  afterAll(async () => t?.cleanup());

  describe('portal_ingest', () => {
    it('cannot read ciphertext', async () => {
      await expect(t.dbs.ingest.query('SELECT ciphertext FROM submissions')).rejects.toThrow(DENIED);
    });
    it('cannot read whole submission rows', async () => {
      await expect(t.dbs.ingest.query('SELECT * FROM submissions')).rejects.toThrow(DENIED);
    });
    it('cannot read staff or sessions', async () => {
      await expect(t.dbs.ingest.query('SELECT email FROM staff')).rejects.toThrow(DENIED);
      await expect(t.dbs.ingest.query('SELECT token_hash FROM sessions')).rejects.toThrow(DENIED);
    });
    it('cannot update or delete submissions', async () => {
      await expect(t.dbs.ingest.query(`UPDATE submissions SET status = 'done'`)).rejects.toThrow(DENIED);
      await expect(t.dbs.ingest.query('DELETE FROM submissions')).rejects.toThrow(DENIED);
    });
    it('cannot change forms or keys, nor read audit details', async () => {
      await expect(t.dbs.ingest.query(`UPDATE forms SET clinic_id = $1`, [f.clinicB])).rejects.toThrow(DENIED);
      await expect(t.dbs.ingest.query(`UPDATE keys SET retired_at = now()`)).rejects.toThrow(DENIED);
      await expect(t.dbs.ingest.query('SELECT actor_id FROM audit_events')).rejects.toThrow(DENIED);
    });
    it('can insert a submission and a nonce, and read back only id, digest and receipt', async () => {
      const id = crypto.randomUUID();
      await t.dbs.ingest.query(
        `INSERT INTO submissions (id, form_slug, clinic_id, kid, ciphertext, digest, received_at, received_by, receipt, retention_until)
         VALUES ($1, 'intake-a', $2, 'k1', '\\x00', 'd', now(), 'cms', '{}', now())`,
        [id, f.clinicA],
      );
      await t.dbs.ingest.query(`INSERT INTO intake_nonces (keyid, nonce, expires_at) VALUES ('cms', 'n1', now())`);
      const { rows } = await t.dbs.ingest.query('SELECT id, digest FROM submissions WHERE id = $1', [id]);
      expect(rows).toEqual([{ id, digest: 'd' }]);
    });
  });

  describe('portal_app', () => {
    it('cannot update, delete or truncate audit events', async () => {
      await expect(t.dbs.app.query(`UPDATE audit_events SET outcome = 'failure'`)).rejects.toThrow(DENIED);
      await expect(t.dbs.app.query('DELETE FROM audit_events')).rejects.toThrow(DENIED);
      await expect(t.dbs.app.query('TRUNCATE audit_events')).rejects.toThrow(DENIED);
    });
    it('cannot delete submissions or rewrite their ciphertext', async () => {
      await expect(
        t.dbs.app.transaction((tx) => tx.query('DELETE FROM submissions'), { clinicIds: [f.clinicA] }),
      ).rejects.toThrow(DENIED);
      await expect(
        t.dbs.app.transaction((tx) => tx.query(`UPDATE submissions SET ciphertext = '\\x00'`), { clinicIds: [f.clinicA] }),
      ).rejects.toThrow(DENIED);
    });
    it('sees only the clinics set for the transaction (row-level security)', async () => {
      const seen = await t.dbs.app.transaction(
        (tx) => tx.query<{ id: string; clinic_id: string }>('SELECT id, clinic_id FROM submissions'),
        { clinicIds: [f.clinicA] },
      );
      expect(seen.rows.map((r) => r.id)).toContain(f.submissionA);
      expect(seen.rows.map((r) => r.id)).not.toContain(f.submissionB);
      expect(new Set(seen.rows.map((r) => r.clinic_id))).toEqual(new Set([f.clinicA]));
    });
    it('sees no submission at all without clinic ids', async () => {
      const seen = await t.dbs.app.query('SELECT id FROM submissions');
      expect(seen.rowCount).toBe(0);
    });
    it("cannot update another clinic's submission", async () => {
      const res = await t.dbs.app.transaction(
        (tx) => tx.query(`UPDATE submissions SET status = 'done' WHERE id = $1`, [f.submissionB]),
        { clinicIds: [f.clinicA] },
      );
      expect(res.rowCount).toBe(0);
      const { rows } = await t.dbs.owner.query<{ status: string }>('SELECT status FROM submissions WHERE id = $1', [f.submissionB]);
      expect(rows[0]?.status).toBe('new');
    });
    it('can update the workflow of its own clinic and append audit rows', async () => {
      const res = await t.dbs.app.transaction(
        (tx) => tx.query(`UPDATE submissions SET status = 'in-review' WHERE id = $1`, [f.submissionA]),
        { clinicIds: [f.clinicA] },
      );
      expect(res.rowCount).toBe(1);
      await t.dbs.app.query(
        `INSERT INTO audit_events (at, event, outcome, actor_type, action, service) VALUES (now(), 'test', 'success', 'system', 'R', 'portal-staff')`,
      );
    });
  });

  describe.each(['app', 'ingest'] as const)('audit rows through portal_%s', (role) => {
    const insertChained = `INSERT INTO audit_events (seq, at, event, outcome, actor_type, action, service, prev_hash, hash)
      VALUES (1000, now(), 'test', 'success', 'system', 'R', 'portal-staff', '\\x00', '\\x02')`;
    it('can append an event but cannot give it a seq, hashes or an id of its choosing', async () => {
      const db = t.dbs[role];
      await db.query(`INSERT INTO audit_events (at, event, outcome, actor_type, action, service) VALUES (now(), 'test.pending', 'success', 'system', 'R', 'portal-staff')`);
      await expect(db.query(insertChained)).rejects.toThrow(DENIED);
      await expect(db.query(`INSERT INTO audit_events (id, at, event, outcome, actor_type, action, service) VALUES (1, now(), 'x', 'success', 'system', 'R', 'x')`)).rejects.toThrow(DENIED);
    });
    it('cannot chain, edit or delete audit rows, pending or chained', async () => {
      const db = t.dbs[role];
      await expect(db.query(`UPDATE audit_events SET seq = 1000, prev_hash = '\\x00', hash = '\\x03' WHERE seq IS NULL`)).rejects.toThrow(DENIED);
      await expect(db.query(`UPDATE audit_events SET outcome = 'failure' WHERE seq = 1`)).rejects.toThrow(DENIED);
      await expect(db.query(`DELETE FROM audit_events WHERE seq IS NULL`)).rejects.toThrow(DENIED);
      await expect(db.query('TRUNCATE audit_events')).rejects.toThrow(DENIED);
      const { rows } = await t.dbs.owner.query<{ n: string }>(`SELECT count(*)::text AS n FROM audit_events WHERE event = 'test.pending' AND seq IS NULL`);
      expect(Number(rows[0]?.n)).toBeGreaterThanOrEqual(1);
    });
  });

  describe('portal_analytics', () => {
    it('cannot read submissions, staff or audit events', async () => {
      await expect(t.dbs.analytics.query('SELECT id FROM submissions')).rejects.toThrow(DENIED);
      await expect(t.dbs.analytics.query('SELECT email FROM staff')).rejects.toThrow(DENIED);
      await expect(t.dbs.analytics.query('SELECT seq FROM audit_events')).rejects.toThrow(DENIED);
    });
    it('reads the de-identified view, which has no ids, ciphertext or exact times', async () => {
      const { rows } = await t.dbs.analytics.query('SELECT * FROM deid_submissions');
      expect(rows.length).toBeGreaterThanOrEqual(2);
      expect(Object.keys(rows[0] ?? {}).sort()).toEqual(['clinic_id', 'form_slug', 'received_month', 'status']);
    });
  });

  it('the audit log refuses UPDATE and DELETE even from its owner', async () => {
    await expect(
      t.dbs.owner.transaction(async (tx) => {
        await tx.query('SET LOCAL ROLE portal_owner');
        await tx.query(`DELETE FROM audit_events`);
      }),
    ).rejects.toThrow(/append-only/);
  });
});
