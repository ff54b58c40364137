import crypto from 'node:crypto';
import { appendAudit, type AuditEventInput } from '../../src/audit/writer';
import { verifyAuditChain } from '../../src/audit/verify';
import { AuditChainer } from '../../src/audit/chainer';
import { FakeClock } from '../../src/clock';
import { sampleAuditEvent } from '../helpers/audit-events';
import { testDatabases, type OpenedTestDatabase } from '../helpers/databases';

const event = (i: number): AuditEventInput =>
  sampleAuditEvent({
    clinicId: crypto.randomUUID().toUpperCase(),
    ip: '127.0.0.1',
    requestId: `req-${i}`,
    detail: { count: i, reason: 'ok' },
    at: new Date(Date.UTC(2031, 2, 1, 9, 0, i, 123)),
  });

/** Tampering as a superuser who also switches off the append-only trigger. */
async function tamper(t: OpenedTestDatabase, sql: string, params: unknown[] = []): Promise<void> {
  await t.dbs.owner.transaction(async (tx) => {
    await tx.query('SET LOCAL session_replication_role = replica');
    await tx.query(sql, params);
  });
}

describe.each(testDatabases())('audit hash chain on $name', ({ open }) => {
  let t: OpenedTestDatabase;
  let chainer: AuditChainer;

  beforeEach(async () => {
    t = await open();
    chainer = new AuditChainer(t.dbs.owner, { clock: new FakeClock(), batchSize: 4 });
    for (let i = 1; i <= 7; i++) await t.dbs.app.transaction((tx) => appendAudit(tx, event(i)));
    await chainer.flush();
  });
  afterEach(async () => t?.cleanup());

  it('verifies an intact chain and reports its length and head', async () => {
    const res = await verifyAuditChain(t.dbs.owner, 3);
    expect(res).toMatchObject({ ok: true, count: 7, lastSeq: 7 });
    if (res.ok) expect(res.head).toMatch(/^[0-9a-f]{64}$/);
  });

  it('the services can append but the ingest role can verify nothing (no read of audit details)', async () => {
    await t.dbs.ingest.transaction((tx) => appendAudit(tx, { ...event(8), service: 'portal-intake', actorType: 'service' }));
    await chainer.flush();
    await expect(verifyAuditChain(t.dbs.ingest)).rejects.toThrow(/permission denied/);
    expect(await verifyAuditChain(t.dbs.app)).toMatchObject({ ok: true, count: 8 });
  });

  it('names the edited middle row', async () => {
    await tamper(t, `UPDATE audit_events SET actor_id = 'someone-else' WHERE seq = 4`);
    expect(await verifyAuditChain(t.dbs.owner, 2)).toMatchObject({ ok: false, brokenAt: 4, reason: 'hash-mismatch', count: 3 });
  });

  it('names an edited detail even when the attacker recomputes nothing else', async () => {
    await tamper(t, `UPDATE audit_events SET detail = '{"count": 99, "reason": "ok"}' WHERE seq = 5`);
    expect(await verifyAuditChain(t.dbs.owner)).toMatchObject({ ok: false, brokenAt: 5 });
  });

  it('names the row after a deleted one', async () => {
    await tamper(t, `DELETE FROM audit_events WHERE seq = 3`);
    expect(await verifyAuditChain(t.dbs.owner)).toMatchObject({ ok: false, brokenAt: 4, reason: 'seq-gap' });
  });

  it('names the first of two swapped rows', async () => {
    await tamper(t, `UPDATE audit_events SET seq = -seq WHERE seq IN (5, 6)`);
    await tamper(t, `UPDATE audit_events SET seq = CASE seq WHEN -5 THEN 6 ELSE 5 END WHERE seq IN (-5, -6)`);
    expect(await verifyAuditChain(t.dbs.owner)).toMatchObject({ ok: false, brokenAt: 5 });
  });

  it('names a deleted first row', async () => {
    await tamper(t, `DELETE FROM audit_events WHERE seq = 1`);
    expect(await verifyAuditChain(t.dbs.owner)).toMatchObject({ ok: false, brokenAt: 2, reason: 'prev-mismatch' });
  });

  it('concurrent appends from both service roles end in one unbroken chain', async () => {
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        (i % 2 ? t.dbs.app : t.dbs.ingest).transaction((tx) => appendAudit(tx, { ...event(20 + i), service: i % 2 ? 'portal-staff' : 'portal-intake' })),
      ),
    );
    await chainer.flush();
    expect(await verifyAuditChain(t.dbs.owner, 5)).toMatchObject({ ok: true, count: 19, lastSeq: 19 });
  });

  it('refuses a detail that could carry PHI and writes nothing', async () => {
    await expect(
      t.dbs.app.transaction((tx) => appendAudit(tx, { ...event(9), detail: { reason: 'Jane Doe, diabetic' } })),
    ).rejects.toThrow(/audit detail/);
    await chainer.flush();
    expect(await verifyAuditChain(t.dbs.owner)).toMatchObject({ ok: true, count: 7 });
  });

  it('an appended row is pending until chained, and verify reports it', async () => {
    await t.dbs.app.transaction((tx) => appendAudit(tx, event(30)));
    const before = await verifyAuditChain(t.dbs.owner, { now: new Date(Date.UTC(2031, 2, 1, 9, 1, 0)) });
    expect(before).toMatchObject({ ok: true, count: 7, unchained: { count: 1, oldestAgeSeconds: 30 } });
    expect(await chainer.flush()).toBe(1);
    expect(await verifyAuditChain(t.dbs.owner)).toMatchObject({ ok: true, count: 8, lastSeq: 8, unchained: { count: 0, oldestAgeSeconds: null } });
  });

  it('a rolled-back transaction leaves no audit row, chained or pending', async () => {
    await expect(
      t.dbs.app.transaction(async (tx) => {
        await appendAudit(tx, event(31));
        throw new Error('the action failed');
      }),
    ).rejects.toThrow('the action failed');
    expect(await chainer.flush()).toBe(0);
    const n = await t.dbs.owner.query<{ n: string }>(`SELECT count(*)::text AS n FROM audit_events`);
    expect(n.rows[0]?.n).toBe('7');
  });

  it('a chained row cannot be changed or re-chained, even by the owner', async () => {
    await expect(t.dbs.owner.query(`UPDATE audit_events SET actor_id = 'x' WHERE seq = 2`)).rejects.toThrow(/append-only/);
    await expect(t.dbs.owner.query(`UPDATE audit_events SET seq = 99 WHERE seq = 7`)).rejects.toThrow(/append-only/);
    await expect(t.dbs.owner.query(`DELETE FROM audit_events WHERE seq = 7`)).rejects.toThrow(/append-only/);
    await t.dbs.app.transaction((tx) => appendAudit(tx, event(32)));
    // Pending: only seq and hashes may be set, never the content.
    await expect(
      t.dbs.owner.query(`UPDATE audit_events SET actor_id = 'x', seq = 8, prev_hash = '\\x00', hash = '\\x01' WHERE seq IS NULL`),
    ).rejects.toThrow(/append-only/);
    expect(await verifyAuditChain(t.dbs.owner)).toMatchObject({ ok: true, count: 7 });
  });
});
