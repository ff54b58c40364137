import type { AuditInput, StoredAuditRow } from './record';
import { AuditWriter, type AuditFact } from './writer';

const fact = (action: string): AuditFact => ({ input: { actorType: 'api-token', actorId: '7', action, outcome: 'success' } as AuditInput, at: new Date(0) });

function setup(over: { batchMax?: number; highWater?: number } = {}) {
  const written: string[][] = [];
  const errors: number[] = [];
  let failNext = 0;
  const writer = new AuditWriter({
    append: async (facts) => {
      if (failNext > 0) {
        failNext -= 1;
        throw new Error('database is locked');
      }
      written.push(facts.map((f) => f.input.action));
      return facts.map((f, i) => ({ seq: i + 1, action: f.input.action }) as unknown as StoredAuditRow);
    },
    flushMs: 1_000,
    batchMax: over.batchMax ?? 100,
    highWater: over.highWater ?? 1_000,
    onError: (_err, kept) => errors.push(kept),
  });
  return { writer, written, errors, failOnce: () => (failNext = 1) };
}

afterEach(() => jest.useRealTimers());

describe('AuditWriter', () => {
  it('writes buffered facts in one batch when the interval ends, not on the request path', async () => {
    jest.useFakeTimers();
    const t = setup();
    await t.writer.buffer(fact('a'));
    await t.writer.buffer(fact('b'));
    expect(t.written).toEqual([]);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(t.written).toEqual([['a', 'b']]);
  });

  it('stores a record after every fact buffered before it, in one write', async () => {
    const t = setup();
    await t.writer.buffer(fact('token-use'));
    const row = await t.writer.record(fact('admin-write'));
    expect(row).toMatchObject({ action: 'admin-write', seq: 2 });
    expect(t.written).toEqual([['token-use', 'admin-write']]);
  });

  it('writes everything buffered before a read asks for it, and at close', async () => {
    const t = setup();
    await t.writer.buffer(fact('a'));
    await t.writer.flush();
    expect(t.written).toEqual([['a']]);
    await t.writer.buffer(fact('b'));
    await t.writer.close();
    expect(t.written).toEqual([['a'], ['b']]);
    await t.writer.buffer(fact('late')); // after close: written before buffer resolves
    expect(t.written).toEqual([['a'], ['b'], ['late']]);
  });

  it('writes a full batch at once and splits larger queues', async () => {
    const t = setup({ batchMax: 2 });
    for (const a of ['a', 'b', 'c']) await t.writer.buffer(fact(a));
    await t.writer.flush();
    expect(t.written).toEqual([['a', 'b'], ['c']]);
  });

  it('keeps buffered facts, in order, when a write fails, and writes them next time', async () => {
    const t = setup();
    await t.writer.buffer(fact('a'));
    t.failOnce();
    await expect(t.writer.record(fact('waiting'))).rejects.toThrow('database is locked');
    expect(t.errors).toEqual([1]);
    expect(t.writer.queued).toBe(1);
    await t.writer.buffer(fact('b'));
    await t.writer.flush();
    expect(t.written).toEqual([['a', 'b']]);
  });

  it('makes callers wait once the queue reaches its high-water mark', async () => {
    const t = setup({ highWater: 3 });
    await t.writer.buffer(fact('a'));
    await t.writer.buffer(fact('b'));
    expect(t.written).toEqual([]);
    await t.writer.buffer(fact('c'));
    expect(t.written).toEqual([['a', 'b', 'c']]);
  });
});
