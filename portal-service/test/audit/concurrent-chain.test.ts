import { buildApps, type PortalApps } from '../../src/app';
import { appendAudit, type AuditEventInput } from '../../src/audit/writer';
import { verifyAuditChain } from '../../src/audit/verify';
import { FakeClock } from '../../src/clock';
import { openDatabases } from '../../src/db/open';
import type { Databases } from '../../src/db/types';
import { sampleAuditEvent } from '../helpers/audit-events';
import { testDatabases, type OpenedTestDatabase } from '../helpers/databases';

const event = (i: number, service: AuditEventInput['service']): AuditEventInput =>
  sampleAuditEvent({
    actorType: service === 'portal-intake' ? 'service' : 'staff',
    service,
    detail: { n: i },
    at: new Date(Date.UTC(2031, 2, 1, 9, 0, 0, i)),
  });

const silent = { level: 'silent' };

async function chainState(dbs: Databases): Promise<{ rows: number; pending: number; maxSeq: number }> {
  const { rows } = await dbs.owner.query<{ rows: string; pending: string; max: string | null }>(
    `SELECT count(*)::text AS rows, count(*) FILTER (WHERE seq IS NULL)::text AS pending, max(seq)::text AS max FROM audit_events`,
  );
  return { rows: Number(rows[0]?.rows), pending: Number(rows[0]?.pending), maxSeq: Number(rows[0]?.max ?? 0) };
}

describe.each(testDatabases())('audit chaining under concurrency on $name', (database) => {
  let t: OpenedTestDatabase;
  let a: PortalApps;

  beforeAll(async () => {
    t = await database.open();
    a = await buildApps({ config: t.config, clock: new FakeClock(), logger: silent, databases: t.dbs, docsUi: false });
  });
  afterAll(async () => {
    await a?.close();
    await t?.cleanup();
  });

  it('request transactions and flushes interleave without deadlock (one PGlite connection) and lose nothing', async () => {
    const before = await chainState(t.dbs);
    const writes = Array.from({ length: 60 }, (_, i) => (i % 2 ? t.dbs.app : t.dbs.ingest).transaction((tx) => appendAudit(tx, event(i, i % 2 ? 'portal-staff' : 'portal-intake'))));
    const flushes = Array.from({ length: 6 }, () => a.auditChain.flush());
    await Promise.all([...writes, ...flushes]);
    await a.auditChain.flush();
    const after = await chainState(t.dbs);
    expect(after.rows - before.rows).toBe(60);
    expect(after.pending).toBe(0);
    expect(after.maxSeq).toBe(after.rows);
    expect(await verifyAuditChain(t.dbs.owner)).toMatchObject({ ok: true, count: after.rows, unchained: { count: 0 } });
  }, 60_000);

  if (database.name !== 'postgres') return;

  it('200 concurrent audited writes from two portal instances end in one gap-free verifiable chain', async () => {
    // A second process's view of the same database: its own pools and its own chainer.
    const second = await openDatabases(t.config);
    const b = await buildApps({ config: t.config, clock: new FakeClock(), logger: silent, databases: second, docsUi: false });
    try {
      const before = await chainState(t.dbs);
      const handles = [t.dbs.app, t.dbs.ingest, second.app, second.ingest];
      const writes = Array.from({ length: 200 }, (_, i) => {
        const db = handles[i % 4] as Databases['app'];
        return db.transaction((tx) => appendAudit(tx, event(i, i % 2 ? 'portal-intake' : 'portal-staff')));
      });
      // Both chainers run while the writes commit (as their loops would), racing for the chain.
      const flushes = Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).auditChain.flush());
      await Promise.all([...writes, ...flushes]);
      await Promise.all([a.auditChain.flush(), b.auditChain.flush()]);
      const after = await chainState(t.dbs);
      expect(after.rows - before.rows).toBe(200);
      expect(after.pending).toBe(0);
      expect(after.maxSeq).toBe(after.rows);
      expect(await verifyAuditChain(t.dbs.app, 37)).toMatchObject({ ok: true, count: after.rows, lastSeq: after.rows });
    } finally {
      await b.close();
      await second.close();
    }
  }, 120_000);
});
