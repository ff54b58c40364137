import knex, { type Knex } from 'knex';
import { OutboxStore } from './store';
import { ensureTables } from './tables';

const envelope = (id: string, digest = 'sha-256=:AAAA:') => ({ id, form: 'contact-us', kid: 'k1', ciphertext: 'c'.repeat(64), digest });
const receipt = { kid: 'r1', receivedAt: '2025-01-01T00:00:00.000Z', sig: 'sig', verifiedAt: 1000 };
const ID = '0b7a4c1e-2f57-4d7e-9a51-0c6b1f3a2d10';

// SQLite always; PostgreSQL too when CI provides CMS_TEST_DATABASE_URL (each test in a fresh schema).
const pgUrl = process.env.CMS_TEST_DATABASE_URL;
const engines: Array<[string, () => Promise<{ db: Knex; drop: () => Promise<void> }>]> = [
  [
    'sqlite',
    async () => ({
      db: knex({ client: 'better-sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true }),
      drop: async () => {},
    }),
  ],
];
if (pgUrl) {
  engines.push([
    'postgres',
    async () => {
      const schema = `sf_test_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
      const admin = knex({ client: 'pg', connection: pgUrl });
      await admin.raw(`CREATE SCHEMA ${schema}`);
      await admin.destroy();
      const db = knex({ client: 'pg', connection: pgUrl, searchPath: [schema] });
      return { db, drop: async () => void (await db.raw(`DROP SCHEMA ${schema} CASCADE`)) };
    },
  ]);
}

let db: Knex;
let store: OutboxStore;

describe.each(engines)('OutboxStore on %s', (_name, open) => {
  let drop: () => Promise<void>;

  beforeEach(async () => {
    ({ db, drop } = await open());
    await ensureTables(db);
    await ensureTables(db); // a restart finds the tables and keeps them
    store = new OutboxStore(db);
  });

  afterEach(async () => {
    await drop();
    await db.destroy();
  });

  it('stores an envelope once and reports the second copy as pending', async () => {
    expect(await store.accept(envelope(ID), 100)).toMatchObject({ kind: 'stored', row: { id: ID, attempts: 0, leaseUntil: null } });
    expect(await store.accept(envelope(ID), 200)).toMatchObject({ kind: 'pending', sameDigest: true, row: { receivedAt: 100 } });
    expect(await store.accept(envelope(ID, 'sha-256=:BBBB:'), 200)).toMatchObject({ kind: 'pending', sameDigest: false });
    const row = await store.get(ID);
    expect(row).toMatchObject({ id: ID, receivedAt: 100, attempts: 0, nextAttemptAt: 100, receipt: null });
  });

  it('stores a new envelope already claimed by its sender, as it is in the database', async () => {
    const outcome = await store.accept(envelope(ID), 100, 1000);
    expect(outcome).toEqual({ kind: 'stored', row: await store.get(ID) });
    expect(outcome).toMatchObject({ row: { attempts: 1, leaseUntil: 1100, nextAttemptAt: 100 } });
    // Nobody else sends it while the lease lasts; the sweep sees it once the lease ends.
    expect(await store.claim(ID, 500, 1000)).toBe(false);
    expect(await store.dueIds(1099, 10)).toEqual([]);
    expect(await store.dueIds(1100, 10)).toEqual([ID]);
    expect(await store.claim(ID, 1100, 1000)).toBe(true);
    expect((await store.get(ID))?.attempts).toBe(2);
  });

  it('settles a delivery: deletes the row and keeps the receipt in its shred record, together', async () => {
    const stored = await store.accept(envelope(ID), 0, 1000);
    if (stored.kind !== 'stored') throw new Error('not stored');
    expect(await store.settle({ ...stored.row, digest: 'sha-256=:BBBB:' }, receipt, 10)).toBe(false); // not the envelope the receipt names
    expect(await store.get(ID)).toBeDefined();
    expect(await store.settle(stored.row, receipt, 2000)).toBe(true);
    expect(await store.get(ID)).toBeUndefined();
    expect(await store.getShred(ID)).toEqual({ id: ID, digest: stored.row.digest, receiptReceivedAt: receipt.receivedAt, receiptVerifiedAt: 1000, shreddedAt: 2000 });
    expect(await store.settle(stored.row, receipt, 3000)).toBe(false);
    expect(await store.accept(envelope(ID), 3000, 1000)).toEqual({ kind: 'shredded', sameDigest: true, rejected: false });
    expect(await store.accept(envelope(ID, 'sha-256=:BBBB:'), 3000, 1000)).toEqual({ kind: 'shredded', sameDigest: false, rejected: false });
    expect(await store.get(ID)).toBeUndefined();
  });

  it('expires shred records past retention, never an outbox row', async () => {
    const OLD = '1c8f0e2a-3b4d-4e5f-8a6b-7c8d9e0f1a2b';
    const KEPT = '2d9a1f3b-4c5e-4f60-9b7c-8d9eaf0b1c2d';
    const PENDING = '3eab2a4c-5d6f-4071-8c8d-9eafb01c2d3e';
    for (const [id, at] of [[OLD, 1_000], [KEPT, 5_000]] as const) {
      const stored = await store.accept(envelope(id), 0, 100);
      if (stored.kind !== 'stored') throw new Error('not stored');
      expect(await store.settle(stored.row, receipt, at)).toBe(true);
    }
    await store.accept(envelope(PENDING), 0, 100);
    expect(await store.expireShredRecords(5_000, 1)).toBe(1);
    expect(await store.getShred(OLD)).toBeUndefined();
    expect(await store.getShred(KEPT)).toBeDefined();
    expect(await store.get(PENDING)).toBeDefined();
    expect(await store.expireShredRecords(5_000)).toBe(0);
  });

  it('reports a repeat of an envelope the portal rejected for good as rejected, not delivered', async () => {
    const stored = await store.accept(envelope(ID), 0, 1000);
    if (stored.kind !== 'stored') throw new Error('not stored');
    expect(await store.settleRejected(stored.row, { reason: 'undecryptable', rejectedAt: '2026-01-01T00:00:00.000Z', verifiedAt: 5 }, 10)).toBe(true);
    expect(await store.accept(envelope(ID), 20, 1000)).toEqual({ kind: 'shredded', sameDigest: true, rejected: true });
  });

  it('lets only one sender claim a row until its lease ends', async () => {
    await store.accept(envelope(ID), 0);
    const claims = await Promise.all([store.claim(ID, 10, 1000), store.claim(ID, 10, 1000)]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await store.dueIds(500, 10)).toEqual([]);
    expect(await store.claim(ID, 1010, 1000)).toBe(true);
    expect((await store.get(ID))?.attempts).toBe(2);
  });

  it('schedules a retry after a failure and keeps the error', async () => {
    await store.accept(envelope(ID), 0);
    await store.claim(ID, 0, 1000);
    await store.recordFailure(ID, 'portal answered 500', 1, 5000);
    expect(await store.dueIds(4999, 10)).toEqual([]);
    expect(await store.dueIds(5000, 10)).toEqual([ID]);
    expect((await store.get(ID))?.lastError).toBe('portal answered 500');
    expect(await store.latestError()).toEqual({ message: 'portal answered 500', at: 1 });
  });

  it('refuses to shred a row without a stored receipt', async () => {
    await store.accept(envelope(ID), 0);
    const row = await store.get(ID);
    expect(await store.shred({ ...row!, receipt }, 10)).toBe(false);
    expect(await store.get(ID)).toBeDefined();
  });

  it('shreds a receipted row into a shred record without ciphertext', async () => {
    await store.accept(envelope(ID), 0);
    await store.recordReceipt(ID, receipt);
    expect(await store.claim(ID, 0, 1000)).toBe(false); // a receipted row is never sent again
    expect(await store.receiptedIds(10)).toEqual([ID]);
    expect(await store.shred((await store.get(ID))!, 2000)).toBe(true);
    expect(await store.get(ID)).toBeUndefined();
    const shred = await db('secure_forms_shreds').where({ id: ID }).first();
    expect(Object.keys(shred).sort()).toEqual(['digest', 'id', 'outcome', 'receipt_received_at', 'receipt_verified_at', 'shredded_at']);
    expect(await store.accept(envelope(ID), 3000)).toEqual({ kind: 'shredded', sameDigest: true, rejected: false });
    expect(await store.get(ID)).toBeUndefined();
  });

  it('counts depth, deliveries and shreds since a time', async () => {
    await store.accept(envelope(ID), 50);
    await store.accept(envelope('1b7a4c1e-2f57-4d7e-9a51-0c6b1f3a2d10'), 60);
    await store.recordReceipt(ID, receipt);
    await store.shred((await store.get(ID))!, 2000);
    expect(await store.stats(500)).toEqual({ depth: 1, oldestReceivedAt: 60, deliveredSince: 1, shreddedSince: 1 });
    expect(await store.overdue(100)).toEqual({ count: 1, oldestReceivedAt: 60 });
    expect(await store.overdue(10)).toEqual({ count: 0, oldestReceivedAt: null });
  });
});
