import { createHash } from 'node:crypto';
import { chainHash, ChainVerifier, GENESIS_HASH, verifyChain, verifyChainAsync, type ChainRow } from './chain';

function buildChain(n: number, firstSeq = 1): Array<ChainRow<number>> {
  const rows: Array<ChainRow<number>> = [];
  let prev: Buffer = GENESIS_HASH;
  for (let i = 0; i < n; i++) {
    const row = { event: 'submission.read', actor: `staff-${i}`, at: `2026-03-01T10:00:0${i % 10}Z` };
    const hash = chainHash(prev, row);
    rows.push({ seq: firstSeq + i, prevHash: prev, hash, row });
    prev = hash;
  }
  return rows;
}

describe('chainHash', () => {
  it('is sha256(prevHash || canonical JSON of the row)', () => {
    const expected = createHash('sha256').update(Buffer.alloc(32)).update('{"a":1,"b":"x"}').digest();
    expect(chainHash(GENESIS_HASH, { b: 'x', a: 1 }).equals(expected)).toBe(true);
    expect(GENESIS_HASH.equals(Buffer.alloc(32))).toBe(true);
  });

  it('refuses a prevHash that is not 32 bytes', () => {
    expect(() => chainHash(Buffer.alloc(31), {})).toThrow('32 bytes');
  });
});

describe('verifyChain', () => {
  it('accepts an intact chain and returns count and head', () => {
    const rows = buildChain(5);
    expect(verifyChain(rows)).toEqual({ ok: true, count: 5, head: rows[4]!.hash, lastSeq: 5 });
    expect(verifyChain([])).toEqual({ ok: true, count: 0, head: GENESIS_HASH, lastSeq: undefined });
  });

  it('names a tampered middle row', () => {
    const rows = buildChain(5);
    rows[2] = { ...rows[2]!, row: { ...rows[2]!.row, actor: 'someone-else' } };
    expect(verifyChain(rows)).toEqual({ ok: false, brokenAt: 3, reason: 'hash-mismatch', count: 2 });
  });

  it('names the row after a tampered row whose hash was recomputed too', () => {
    const rows = buildChain(5);
    const forged = { ...rows[2]!.row, actor: 'someone-else' };
    rows[2] = { ...rows[2]!, row: forged, hash: chainHash(rows[2]!.prevHash, forged) };
    expect(verifyChain(rows)).toMatchObject({ ok: false, brokenAt: 4, reason: 'prev-mismatch' });
  });

  it('names the row after a deleted row (seq gap)', () => {
    const rows = buildChain(5);
    rows.splice(2, 1);
    expect(verifyChain(rows)).toMatchObject({ ok: false, brokenAt: 4, reason: 'seq-gap' });
  });

  it('names the row after a deleted row even when the seqs were renumbered', () => {
    const rows = buildChain(5);
    rows.splice(2, 1);
    const renumbered = rows.map((r, i) => ({ ...r, seq: i + 1 }));
    expect(verifyChain(renumbered)).toMatchObject({ ok: false, brokenAt: 3, reason: 'prev-mismatch' });
  });

  it('detects a deleted first row', () => {
    const rows = buildChain(3).slice(1);
    expect(verifyChain(rows)).toMatchObject({ ok: false, brokenAt: 2, reason: 'prev-mismatch' });
  });

  it('detects reordered rows, in stored order or with swapped seqs', () => {
    const rows = buildChain(4);
    expect(verifyChain([rows[0]!, rows[2]!, rows[1]!, rows[3]!])).toMatchObject({ ok: false, brokenAt: 3, reason: 'seq-gap' });
    const swapped = [rows[0]!, { ...rows[2]!, seq: 2 }, { ...rows[1]!, seq: 3 }, rows[3]!];
    expect(verifyChain(swapped)).toMatchObject({ ok: false, brokenAt: 2, reason: 'prev-mismatch' });
  });

  it('accepts seq as bigint or string (as PostgreSQL bigint arrives)', () => {
    const rows = buildChain(3).map((r) => ({ ...r, seq: String(r.seq) }));
    expect(verifyChain(rows)).toMatchObject({ ok: true, count: 3, lastSeq: '3' });
    const big = buildChain(3).map((r) => ({ ...r, seq: BigInt(r.seq) }));
    expect(verifyChain(big)).toMatchObject({ ok: true, lastSeq: 3n });
    const bad = buildChain(2).map((r) => ({ ...r, seq: r.seq === 2 ? 'two' : String(r.seq) }));
    expect(verifyChain(bad)).toMatchObject({ ok: false, brokenAt: 'two', reason: 'seq-gap' });
  });

  it('reports a row whose content cannot be canonicalized as a hash mismatch instead of throwing', () => {
    const rows = buildChain(2);
    rows[1] = { ...rows[1]!, row: { at: new Date() } };
    expect(verifyChain(rows)).toMatchObject({ ok: false, brokenAt: 2, reason: 'hash-mismatch' });
  });
});

describe('ChainVerifier (streaming)', () => {
  it('verifies in batches and resumes from a checkpoint', async () => {
    const rows = buildChain(10);
    const verifier = new ChainVerifier<number>();
    for (const r of rows.slice(0, 6)) expect(verifier.push(r)).toBeUndefined();
    const checkpoint = verifier.result();
    expect(checkpoint).toMatchObject({ ok: true, count: 6, lastSeq: 6 });
    if (!checkpoint.ok) throw new Error('unreachable');
    const resumed = verifyChain(rows.slice(6), { seq: 6, hash: checkpoint.head });
    expect(resumed).toMatchObject({ ok: true, count: 4, lastSeq: 10 });
    async function* stream() {
      for (const r of rows) yield r;
    }
    expect(await verifyChainAsync(stream())).toMatchObject({ ok: true, count: 10 });
  });

  it('refuses a resumed range that does not continue the checkpoint', () => {
    const rows = buildChain(10);
    expect(verifyChain(rows.slice(7), { seq: 6, hash: rows[5]!.hash })).toMatchObject({ ok: false, brokenAt: 8, reason: 'seq-gap' });
    expect(verifyChain(rows.slice(6), { seq: 6, hash: rows[4]!.hash })).toMatchObject({ ok: false, brokenAt: 7, reason: 'prev-mismatch' });
  });

  it('keeps reporting the first break after it', () => {
    const rows = buildChain(4);
    rows[1] = { ...rows[1]!, hash: Buffer.alloc(32, 1) };
    const verifier = new ChainVerifier<number>();
    for (const r of rows) verifier.push(r);
    expect(verifier.result()).toMatchObject({ ok: false, brokenAt: 2, reason: 'hash-mismatch' });
  });
});
