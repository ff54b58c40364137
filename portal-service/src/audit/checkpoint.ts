import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { canonicalBytes } from '@palisade/protocol';
import type { Db } from '../db/types';
import { toBuffer } from '../db/values';
import { checkpointVerifyKey, type CheckpointSigner } from './checkpoint-key';

/** What a checkpoint vouches for: the chain had `count` rows, the last at `seq` with hash `head`, at time `at`. */
export interface CheckpointBody {
  /** Which chain (hash of its row #1, first 32 hex): one directory can hold the checkpoints of several databases. */
  chain: string;
  seq: number;
  head: string;
  at: string;
  count: number;
}

/** One line of a checkpoint file. */
export interface Checkpoint extends CheckpointBody {
  kid: string;
  /** Ed25519 over canonicalBytes(body), base64. */
  sig: string;
}

export type CheckpointFailure =
  | 'checkpoint-unreadable'
  | 'checkpoint-signature'
  | 'checkpoint-unknown-key'
  | 'checkpoint-truncated'
  | 'checkpoint-rewritten';

export type CheckpointCheck =
  | { ok: true; checkpoint: Checkpoint }
  | { ok: false; reason: CheckpointFailure; seq: number | null; checkpoint: Checkpoint | null };

/** The chain no longer matches the last checkpoint; the chainer refuses to sign a new one over it. */
export class CheckpointRefused extends Error {
  constructor(
    readonly seq: number,
    readonly reason: CheckpointFailure,
  ) {
    super(`audit chain does not match the checkpoint at #${seq} (${reason}); no new checkpoint signed`);
    this.name = 'CheckpointRefused';
  }
}

const LINE = /^[^\n]{1,2000}$/;
const body = (c: CheckpointBody): CheckpointBody => ({ chain: c.chain, seq: c.seq, head: c.head, at: c.at, count: c.count });

/** The chain's identity: row #1's hash (fixed once chained, different for every database). Null while empty. */
export async function chainId(db: Db): Promise<string | null> {
  const { rows } = await db.query<{ hash: unknown }>(`SELECT hash FROM audit_events WHERE seq = 1`);
  return rows[0] ? toBuffer(rows[0].hash).toString('hex').slice(0, 32) : null;
}

export function checkpointFile(dir: string, chain: string): string {
  return path.join(dir, `audit-${chain}.jsonl`);
}

/** The last line of this chain's checkpoint file, parsed; undefined when there is none; null when it cannot be read as a checkpoint. */
export function readLastCheckpoint(dir: string, chain: string): Checkpoint | null | undefined {
  let text: string;
  try {
    text = fs.readFileSync(checkpointFile(dir, chain), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return null;
  }
  const last = text.split('\n').filter((l) => l.trim()).pop();
  if (last === undefined) return undefined;
  if (!LINE.test(last)) return null;
  try {
    const c = JSON.parse(last) as Partial<Checkpoint>;
    const ok =
      typeof c.chain === 'string' && Number.isSafeInteger(c.seq) && typeof c.head === 'string' && /^[0-9a-f]{64}$/.test(c.head) &&
      typeof c.at === 'string' && Number.isSafeInteger(c.count) && typeof c.kid === 'string' && typeof c.sig === 'string';
    return ok ? (c as Checkpoint) : null;
  } catch {
    return null;
  }
}

/**
 * Signs the current chain head and appends it as one JSON line to this chain's
 * file under `dir` (in production a write-once mount). Returns null, writing
 * nothing, when the chain is empty or its head has not moved since the last line.
 */
export async function writeCheckpoint(db: Db, signer: CheckpointSigner, dir: string, at: Date): Promise<Checkpoint | null> {
  const { rows } = await db.query<{ seq: unknown; hash: unknown }>(
    `SELECT seq, hash FROM audit_events WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1`,
  );
  const head = rows[0];
  const chain = await chainId(db);
  if (!head || !chain) return null;
  const seq = Number(head.seq);
  const previous = readLastCheckpoint(dir, chain);
  if (previous) {
    // Never sign over a chain that no longer matches the last checkpoint: that would bless a truncation or a rewrite.
    const { rows: at } = await db.query<{ hash: unknown }>(`SELECT hash FROM audit_events WHERE seq = $1`, [previous.seq]);
    const still = at[0] ? toBuffer(at[0].hash).toString('hex') : null;
    if (still !== previous.head) throw new CheckpointRefused(previous.seq, still === null ? 'checkpoint-truncated' : 'checkpoint-rewritten');
    if (previous.seq === seq) return null;
  }
  const b: CheckpointBody = { chain, seq, head: toBuffer(head.hash).toString('hex'), at: at.toISOString(), count: seq };
  const { kid, privateKey } = await signer.signer();
  const sig = crypto.sign(null, canonicalBytes(b), privateKey).toString('base64');
  const cp: Checkpoint = { ...b, kid, sig };
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const fd = fs.openSync(checkpointFile(dir, chain), 'a', 0o600);
  try {
    fs.writeSync(fd, `${JSON.stringify(cp)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return cp;
}

/**
 * Checks the chain's last checkpoint: the signature under its kid's key, and
 * that the row at its seq still carries exactly its hash. Rows cut off the end
 * (checkpoint-truncated) or a chain rebuilt with new hashes (checkpoint-rewritten)
 * are named here; the chain walk alone cannot see either.
 */
export async function checkCheckpoint(db: Db, dir: string): Promise<CheckpointCheck | null> {
  const chain = await chainId(db);
  if (!chain) return null;
  const cp = readLastCheckpoint(dir, chain);
  if (cp === undefined) return null;
  if (cp === null) return { ok: false, reason: 'checkpoint-unreadable', seq: null, checkpoint: null };
  const key = await checkpointVerifyKey(db, cp.kid);
  if (!key) return { ok: false, reason: 'checkpoint-unknown-key', seq: cp.seq, checkpoint: cp };
  let signed = false;
  try {
    signed = cp.chain === chain && crypto.verify(null, canonicalBytes(body(cp)), key, Buffer.from(cp.sig, 'base64'));
  } catch {
    signed = false;
  }
  if (!signed) return { ok: false, reason: 'checkpoint-signature', seq: cp.seq, checkpoint: cp };
  const { rows } = await db.query<{ hash: unknown }>(`SELECT hash FROM audit_events WHERE seq = $1`, [cp.seq]);
  const row = rows[0];
  if (!row) return { ok: false, reason: 'checkpoint-truncated', seq: cp.seq, checkpoint: cp };
  if (toBuffer(row.hash).toString('hex') !== cp.head) return { ok: false, reason: 'checkpoint-rewritten', seq: cp.seq, checkpoint: cp };
  return { ok: true, checkpoint: cp };
}
