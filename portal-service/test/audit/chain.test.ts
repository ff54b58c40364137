import crypto from 'node:crypto';
import { appendAudit, type AuditEventInput } from '../../src/audit/writer';
import { verifyAuditChain } from '../../src/audit/verify';
import { testDatabases, type OpenedTestDatabase } from '../helpers/databases';

const event = (i: number): AuditEventInput => ({
  event: 'submission.read',
  outcome: 'success',
  actorType: 'staff',
  actorId: crypto.randomUUID(),
  action: 'R',
  resourceType: 'submission',
  resourceId: crypto.randomUUID(),
  clinicId: crypto.randomUUID().toUpperCase(),
  ip: '127.0.0.1',
  requestId: `req-${i}`,
  service: 'portal-staff',
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

  beforeEach(async () => {
    t = await open();
    for (let i = 1; i <= 7; i++) await t.dbs.app.transaction((tx) => appendAudit(tx, event(i)).then(() => undefined));
  });
  afterEach(async () => t?.cleanup());

  it('verifies an intact chain and reports its length and head', async () => {
    const res = await verifyAuditChain(t.dbs.owner, 3);
    expect(res).toMatchObject({ ok: true, count: 7, lastSeq: 7 });
    if (res.ok) expect(res.head).toMatch(/^[0-9a-f]{64}$/);
  });

  it('the services can append but the ingest role can verify nothing (no read of audit details)', async () => {
    await t.dbs.ingest.transaction((tx) => appendAudit(tx, { ...event(8), service: 'portal-intake', actorType: 'service' }));
    await expect(verifyAuditChain(t.dbs.ingest)).rejects.toThrow(/permission denied/);
    expect(await verifyAuditChain(t.dbs.app)).toMatchObject({ ok: true, count: 8 });
  });

  it('names the edited middle row', async () => {
    await tamper(t, `UPDATE audit_events SET actor_id = 'someone-else' WHERE seq = 4`);
    expect(await verifyAuditChain(t.dbs.owner, 2)).toEqual({ ok: false, brokenAt: 4, reason: 'hash-mismatch', count: 3 });
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

  it('concurrent appends from both service roles serialize into one unbroken chain', async () => {
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        (i % 2 ? t.dbs.app : t.dbs.ingest).transaction((tx) => appendAudit(tx, { ...event(20 + i), service: i % 2 ? 'portal-staff' : 'portal-intake' })),
      ),
    );
    expect(await verifyAuditChain(t.dbs.owner, 5)).toMatchObject({ ok: true, count: 19, lastSeq: 19 });
  });

  it('refuses a detail that could carry PHI and writes nothing', async () => {
    await expect(
      t.dbs.app.transaction((tx) => appendAudit(tx, { ...event(9), detail: { reason: 'Jane Doe, diabetic' } })),
    ).rejects.toThrow(/audit detail/);
    expect(await verifyAuditChain(t.dbs.owner)).toMatchObject({ ok: true, count: 7 });
  });
});
