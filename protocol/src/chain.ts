/**
 * Tamper-evident hash chain shared by the portal audit log and the CMS admin
 * audit trail: hash = sha256(prevHash || canonical(row)), starting from 32 zero
 * bytes. Verification names the first row that breaks the chain.
 *
 * A chain alone cannot reveal rows cut off its end; compare the returned head
 * with an independently stored, signed checkpoint for that.
 */
import { createHash } from 'node:crypto';
import { canonicalBytes } from './canonical';

export const HASH_BYTES = 32;
/** prevHash of the first row. A fresh Buffer per import is shared: do not write to it. */
export const GENESIS_HASH: Buffer = Buffer.alloc(HASH_BYTES);
const GENESIS = Buffer.alloc(HASH_BYTES);

export type ChainSeq = number | bigint | string;
export type ChainFailureReason = 'prev-mismatch' | 'hash-mismatch' | 'seq-gap';

export interface ChainRow<S extends ChainSeq = ChainSeq> {
  seq: S;
  prevHash: Uint8Array;
  hash: Uint8Array;
  /** The hashed content: the same plain object the writer passed to chainHash. */
  row: Record<string, unknown>;
}

export type ChainResult<S extends ChainSeq = ChainSeq> =
  | { ok: true; count: number; head: Buffer; lastSeq: S | undefined }
  /** count = rows verified before the break. */
  | { ok: false; brokenAt: S; reason: ChainFailureReason; count: number };

/** Where verification resumes: the last trusted row's seq and hash (e.g. from a signed checkpoint). */
export interface ChainStart {
  seq: ChainSeq;
  hash: Uint8Array;
}

export function chainHash(prevHash: Uint8Array, row: Record<string, unknown>): Buffer {
  if (prevHash.length !== HASH_BYTES) throw new RangeError(`prevHash must be ${HASH_BYTES} bytes`);
  return createHash('sha256').update(prevHash).update(canonicalBytes(row)).digest();
}

function toBigInt(seq: ChainSeq): bigint | undefined {
  if (typeof seq === 'bigint') return seq;
  if (typeof seq === 'number') return Number.isSafeInteger(seq) ? BigInt(seq) : undefined;
  return /^-?\d{1,30}$/.test(seq) ? BigInt(seq) : undefined;
}

function same(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
}

/** Incremental verifier for tables too large to hold in memory: push rows in seq order. */
export class ChainVerifier<S extends ChainSeq = ChainSeq> {
  private head: Buffer;
  private lastSeq: bigint | undefined;
  private lastOriginalSeq: S | undefined;
  private count = 0;
  private failure: Extract<ChainResult<S>, { ok: false }> | undefined;

  constructor(start?: ChainStart) {
    this.head = start ? Buffer.from(start.hash) : Buffer.from(GENESIS);
    this.lastSeq = start ? toBigInt(start.seq) : undefined;
    if (start && (this.lastSeq === undefined || start.hash.length !== HASH_BYTES)) throw new RangeError('invalid chain start');
  }

  /** Checks one row; returns the failure once the chain is broken (and keeps returning it). */
  push(entry: ChainRow<S>): Extract<ChainResult<S>, { ok: false }> | undefined {
    if (this.failure) return this.failure;
    const seq = toBigInt(entry.seq);
    const broken = (reason: ChainFailureReason) => {
      this.failure = { ok: false, brokenAt: entry.seq, reason, count: this.count };
      return this.failure;
    };
    if (seq === undefined || (this.lastSeq !== undefined && seq !== this.lastSeq + 1n)) return broken('seq-gap');
    if (!same(entry.prevHash, this.head)) return broken('prev-mismatch');
    let expected: Buffer;
    try {
      expected = chainHash(entry.prevHash, entry.row);
    } catch {
      return broken('hash-mismatch');
    }
    if (!same(entry.hash, expected)) return broken('hash-mismatch');
    this.head = expected;
    this.lastSeq = seq;
    this.lastOriginalSeq = entry.seq;
    this.count++;
    return undefined;
  }

  result(): ChainResult<S> {
    return this.failure ?? { ok: true, count: this.count, head: Buffer.from(this.head), lastSeq: this.lastOriginalSeq };
  }
}

export function verifyChain<S extends ChainSeq>(rows: Iterable<ChainRow<S>>, start?: ChainStart): ChainResult<S> {
  const verifier = new ChainVerifier<S>(start);
  for (const row of rows) if (verifier.push(row)) break;
  return verifier.result();
}

/** Same as verifyChain for streamed rows (e.g. batches read with a cursor). */
export async function verifyChainAsync<S extends ChainSeq>(
  rows: AsyncIterable<ChainRow<S>> | Iterable<ChainRow<S>>,
  start?: ChainStart,
): Promise<ChainResult<S>> {
  const verifier = new ChainVerifier<S>(start);
  for await (const row of rows) if (verifier.push(row)) break;
  return verifier.result();
}
