import { appendAudit } from '../../src/audit/writer';
import { verifyAuditChain } from '../../src/audit/verify';
import { AuditChainer } from '../../src/audit/chainer';
import { FakeClock } from '../../src/clock';
import { sampleAuditEvent } from '../helpers/audit-events';
import { testDatabases, type OpenedTestDatabase } from '../helpers/databases';

const postgres = testDatabases().find((d) => d.name === 'postgres');

const event = (requestId: string) => sampleAuditEvent({ ip: '127.0.0.1', requestId });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The background chainer scans only above ids chained a while ago, so that
 * rows chained long ago (dead index entries until VACUUM) are not walked on
 * every tick. A transaction that took its audit id early and commits late is
 * below that floor: it must still be chained, by the periodic full sweep and
 * by every flush() an audit read makes. Needs two connections, so PostgreSQL.
 */
(postgres ? describe : describe.skip)('audit rows committed long after their id was taken', () => {
  let t: OpenedTestDatabase;

  beforeEach(async () => {
    t = await postgres!.open();
  }, 60_000);
  afterEach(async () => t?.cleanup());

  async function chainedRequestIds(): Promise<string[]> {
    const res = await t.dbs.owner.query<{ request_id: string }>('SELECT request_id FROM audit_events WHERE seq IS NOT NULL ORDER BY seq');
    return res.rows.map((r) => r.request_id);
  }

  /** Holds a transaction open with its audit row inserted; resolves `commit` to finish it. */
  function lateTransaction(): { inserted: Promise<void>; commit: () => void; done: Promise<void> } {
    let commit!: () => void;
    let inserted!: () => void;
    const gate = new Promise<void>((r) => (commit = r));
    const insertedP = new Promise<void>((r) => (inserted = r));
    const done = t.dbs.app.transaction(async (tx) => {
      await appendAudit(tx, event('late'));
      inserted();
      await gate;
    });
    return { inserted: insertedP, commit, done };
  }

  async function moveFloorPast(chainer: AuditChainer, lagMs: number): Promise<void> {
    // Rows after the late one, chained, then aged past the lag: the floor is now above the late row's id.
    for (let i = 0; i < 3; i++) {
      await t.dbs.app.transaction((tx) => appendAudit(tx, event(`after-${i}`)));
      await chainer.tick();
      await sleep(lagMs + 20);
    }
  }

  it('audit ids come from a sequence without a per-session cache (the floor assumes ids in hand-out order)', async () => {
    const res = await t.dbs.owner.query<{ cache: string }>(
      `SELECT seqcache::text AS cache FROM pg_sequence WHERE seqrelid = pg_get_serial_sequence('audit_events', 'id')::regclass`,
    );
    expect(res.rows).toEqual([{ cache: '1' }]);
  });

  it('the background loop picks it up at its next full sweep', async () => {
    const chainer = new AuditChainer(t.dbs.owner, { clock: new FakeClock(), floorLagMs: 50, fullSweepMs: 1500, idleSweepMs: 0 });
    const late = lateTransaction();
    await late.inserted;
    await chainer.flush();
    await moveFloorPast(chainer, 50);
    late.commit();
    await late.done;
    await chainer.tick();
    // Not yet: the recent scan starts above it (the point of the floor).
    expect(await chainedRequestIds()).not.toContain('late');
    await sleep(1600);
    await chainer.tick();
    expect(await chainedRequestIds()).toContain('late');
    expect(await verifyAuditChain(t.dbs.owner)).toMatchObject({ ok: true, count: 4 });
  });

  it('flush(), which every audit read calls first, chains it at once', async () => {
    const chainer = new AuditChainer(t.dbs.owner, { clock: new FakeClock(), floorLagMs: 50, fullSweepMs: 3_600_000, idleSweepMs: 0 });
    await chainer.flush();
    const late = lateTransaction();
    await late.inserted;
    await moveFloorPast(chainer, 50);
    late.commit();
    await late.done;
    await chainer.flush();
    expect(await chainedRequestIds()).toEqual(['after-0', 'after-1', 'after-2', 'late']);
    expect(await verifyAuditChain(t.dbs.owner)).toMatchObject({ ok: true, count: 4 });
  });
});
