import knex, { type Knex } from 'knex';
import type { EnvelopeV1 } from '@palisade/protocol';
import { OutboxStore } from '../outbox/store';
import { ensureTables } from '../outbox/tables';
import { Courier } from './courier';
import type { ForwardResult } from './forward';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
let db: Knex;
let store: OutboxStore;
let now: number;
let portalUp: boolean;
let sent: string[];
let warnings: string[];

const receiptFor = (e: EnvelopeV1, digest: string): ForwardResult => ({
  ok: true,
  receipt: { id: e.id, digest, receivedAt: '2026-03-01T10:00:00.000Z', kid: 'r', sig: 's'.repeat(86) },
});

function courier(over: { checkStoredReceipt?: () => Promise<boolean> } = {}) {
  return new Courier({
    store,
    forward: async (e, digest) => {
      sent.push(e.id);
      return portalUp ? receiptFor(e, digest) : { ok: false, error: 'portal unreachable (ECONNREFUSED)' };
    },
    checkStoredReceipt: over.checkStoredReceipt ?? (async () => true),
    now: () => now,
    leaseMs: 10_000,
    warn: (m) => warnings.push(m),
    noteError: () => {},
    random: () => 1,
  });
}

beforeEach(async () => {
  db = knex({ client: 'better-sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true });
  await ensureTables(db);
  store = new OutboxStore(db);
  now = 1_000_000;
  portalUp = true;
  sent = [];
  warnings = [];
});

afterEach(async () => {
  await db.destroy();
});

const queue = async (n: number) => {
  for (let i = 1; i <= n; i++) await store.accept({ id: id(i), form: 'f', kid: 'k', ciphertext: 'c'.repeat(64), digest: `d${i}` }, now);
};

describe('Courier', () => {
  it('delivers and shreds a row in one attempt', async () => {
    await queue(1);
    expect(await courier().deliver(id(1))).toBe('delivered');
    expect(await store.get(id(1))).toBeUndefined();
    expect(await store.getShred(id(1))).toMatchObject({ digest: 'd1' });
  });

  it('sends a row the intake inserted claimed, without claiming or reading it again', async () => {
    const stored = await store.accept({ id: id(1), form: 'f', kid: 'k', ciphertext: 'c'.repeat(64), digest: 'd1' }, now, 10_000);
    if (stored.kind !== 'stored') throw new Error('not stored');
    expect(await courier().deliverClaimed(stored.row)).toBe('delivered');
    expect(sent).toEqual([id(1)]);
    expect(await store.get(id(1))).toBeUndefined();
    expect(await store.getShred(id(1))).toMatchObject({ digest: 'd1', receiptReceivedAt: '2026-03-01T10:00:00.000Z' });
  });

  it('delivers a claimed row whose sender died before forwarding, once its lease ends', async () => {
    await store.accept({ id: id(1), form: 'f', kid: 'k', ciphertext: 'c'.repeat(64), digest: 'd1' }, now, 10_000);
    // The CMS was killed here: the row is stored and claimed, nothing was sent.
    const c = courier();
    now += 9_999;
    expect(await c.sweep({ alertAgeMs: 60_000 })).toMatchObject({ delivered: 0, failed: 0 });
    expect(sent).toEqual([]);
    now += 1;
    expect(await c.sweep({ alertAgeMs: 60_000 })).toMatchObject({ delivered: 1, failed: 0 });
    expect(sent).toEqual([id(1)]);
    expect(await store.get(id(1))).toBeUndefined();
  });

  it('keeps the receipt on the row when the delete fails, so the sweep deletes it without sending again', async () => {
    await queue(1);
    const settle = jest.spyOn(store, 'settle').mockRejectedValueOnce(new Error('SQLITE_BUSY: database is locked'));
    const c = courier();
    expect(await c.deliver(id(1))).toBe('delivered');
    expect(settle).toHaveBeenCalledTimes(1);
    expect((await store.get(id(1)))?.receipt).toMatchObject({ sig: 's'.repeat(86) });
    expect(warnings.join('\n')).toMatch(/envelope \S+ delivered but not yet deleted \(Error\); the sweep will delete it/);
    now += 60_000;
    expect(await c.sweep({ alertAgeMs: 600_000 })).toMatchObject({ purged: 1, delivered: 0, failed: 0 });
    expect(sent).toEqual([id(1)]);
    expect(await store.get(id(1))).toBeUndefined();
  });

  it('keeps a row the portal did not take, and backs off before trying again', async () => {
    await queue(1);
    portalUp = false;
    const c = courier();
    expect(await c.deliver(id(1))).toBe('queued');
    expect((await store.get(id(1)))?.nextAttemptAt).toBe(now + 5_000);
    expect(await c.sweep({ alertAgeMs: 60_000 })).toMatchObject({ delivered: 0, failed: 0 });
    expect(sent).toHaveLength(1);
    now += 5_000;
    portalUp = true;
    expect(await c.sweep({ alertAgeMs: 60_000 })).toMatchObject({ delivered: 1, failed: 0 });
  });

  it('sends each row once when two sweeps run at the same time', async () => {
    await queue(30);
    const [a, b] = [courier(), courier()];
    const reports = await Promise.all([a.sweep({ alertAgeMs: 60_000 }), b.sweep({ alertAgeMs: 60_000 })]);
    expect(reports[0]!.delivered + reports[1]!.delivered).toBe(30);
    expect(new Set(sent).size).toBe(30);
    expect(sent).toHaveLength(30);
  });

  it('reports rows older than the alert age and keeps them', async () => {
    await queue(2);
    portalUp = false;
    now += 120_000;
    const report = await courier().sweep({ alertAgeMs: 60_000 });
    expect(report.overdue).toEqual({ count: 2, oldestReceivedAt: 1_000_000 });
    expect(warnings.join('\n')).toMatch(/2 envelope\(s\) undelivered past the alert age; the oldest is 2 min old\. They are kept\./);
    expect(await store.get(id(1))).toBeDefined();
  });

  it('never logs ciphertext', async () => {
    await queue(1);
    portalUp = false;
    await courier().deliver(id(1));
    expect(warnings.join('\n')).not.toContain('c'.repeat(16));
  });
});
