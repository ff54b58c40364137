import type { Knex } from 'knex';
import { OUTBOX_TABLE, SHRED_TABLE } from './tables';

/** One envelope waiting for the portal's receipt. Never logged, never sent to the admin. */
export interface OutboxRow {
  id: string;
  form: string;
  kid: string;
  ciphertext: string;
  digest: string;
  receivedAt: number;
  attempts: number;
  nextAttemptAt: number;
  leaseUntil: number | null;
  lastError: string | null;
  receipt: StoredReceipt | null;
}

/** The parts of a verified receipt the CMS keeps until the delete succeeds. */
export interface StoredReceipt {
  kid: string;
  receivedAt: string;
  sig: string;
  verifiedAt: number;
}

/** The parts of a verified signed rejection the shred record keeps. */
export interface VerifiedRejection {
  reason: string;
  rejectedAt: string;
  verifiedAt: number;
}

export interface ShredRecord {
  id: string;
  digest: string;
  receiptReceivedAt: string;
  receiptVerifiedAt: number;
  shreddedAt: number;
}

export type AcceptOutcome =
  /** The new row as written; claimed by the caller when `accept` was given a lease. */
  | { kind: 'stored'; row: OutboxRow }
  | { kind: 'pending'; sameDigest: boolean; row: OutboxRow }
  /** `rejected`: the portal signed a final rejection (no delivery), as opposed to a receipt. */
  | { kind: 'shredded'; sameDigest: boolean; rejected: boolean };

type Raw = Record<string, unknown>;

// knex.raw answers rows on SQLite (better-sqlite3) and a result object on PostgreSQL.
const rowsOf = (result: unknown): Raw[] => (Array.isArray(result) ? result : ((result as { rows?: Raw[] }).rows ?? []));

/*
 * One statement that stores a new envelope unless its id is already in the
 * outbox (the conflict) or already shredded (the NOT EXISTS). The SELECT form
 * needs its WHERE for SQLite to parse ON CONFLICT; the CASTs give PostgreSQL the
 * column types it cannot infer for parameters of a SELECT list.
 */
const INSERT_UNLESS_SHREDDED = `INSERT INTO ${OUTBOX_TABLE} (id, form, kid, ciphertext, digest, received_at, attempts, next_attempt_at, lease_until)
SELECT ?, ?, ?, ?, ?, CAST(? AS BIGINT), CAST(? AS INTEGER), CAST(? AS BIGINT), CAST(? AS BIGINT)
WHERE NOT EXISTS (SELECT 1 FROM ${SHRED_TABLE} WHERE id = ?)
ON CONFLICT (id) DO NOTHING
RETURNING id`;

// PostgreSQL returns bigint columns as strings; SQLite as numbers.
const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : num(v));
const strOrNull = (v: unknown): string | null => (typeof v === 'string' ? v : null);

function toRow(r: Raw): OutboxRow {
  const receiptKid = strOrNull(r.receipt_kid);
  const receiptAt = strOrNull(r.receipt_received_at);
  const receiptSig = strOrNull(r.receipt_sig);
  const verifiedAt = numOrNull(r.receipt_verified_at);
  return {
    id: String(r.id),
    form: String(r.form),
    kid: String(r.kid),
    ciphertext: String(r.ciphertext),
    digest: String(r.digest),
    receivedAt: num(r.received_at),
    attempts: num(r.attempts),
    nextAttemptAt: num(r.next_attempt_at),
    leaseUntil: numOrNull(r.lease_until),
    lastError: strOrNull(r.last_error),
    receipt:
      receiptKid && receiptAt && receiptSig && verifiedAt !== null ? { kid: receiptKid, receivedAt: receiptAt, sig: receiptSig, verifiedAt } : null,
  };
}

/**
 * Every read and write of the outbox and the shred log. Claims are single
 * conditional UPDATEs, so any number of senders (this process, the sweep, other
 * CMS instances on the same database) never hold the same row at once.
 */
export class OutboxStore {
  constructor(private readonly db: Knex) {}

  /**
   * Stores the envelope once; a repeated id reports where the first copy is.
   * With `leaseMs`, the row is written already claimed by the caller (one
   * attempt, leased until now + leaseMs) so it can send the row it holds in
   * memory at once; if the caller dies before sending, the sweep takes the row
   * when the lease ends. The shred log is read only when the insert did not
   * happen, so a new envelope costs one statement.
   */
  async accept(input: { id: string; form: string; kid: string; ciphertext: string; digest: string }, now: number, leaseMs?: number): Promise<AcceptOutcome> {
    const leaseUntil = leaseMs === undefined ? null : now + leaseMs;
    const attempts = leaseMs === undefined ? 0 : 1;
    const { id, form, kid, ciphertext, digest } = input;
    const inserted = rowsOf(
      await this.db.raw(INSERT_UNLESS_SHREDDED, [id, form, kid, ciphertext, digest, now, attempts, now, leaseUntil, id]),
    );
    if (inserted.length > 0) {
      const row: OutboxRow = { ...input, receivedAt: now, attempts, nextAttemptAt: now, leaseUntil, lastError: null, receipt: null };
      return { kind: 'stored', row };
    }
    const existing = await this.get(id);
    if (existing) return { kind: 'pending', sameDigest: existing.digest === digest, row: existing };
    const shredded = await this.db(SHRED_TABLE).where({ id }).first('digest', 'outcome');
    if (shredded) return { kind: 'shredded', sameDigest: shredded.digest === digest, rejected: shredded.outcome !== null && shredded.outcome !== undefined };
    // Neither in the outbox nor shredded: the row was shredded and its shred record
    // purged, or deleted between our statements. Never store it again silently.
    throw new Error('secure-forms: envelope id neither stored nor shredded after a conflicting insert');
  }

  async get(id: string): Promise<OutboxRow | undefined> {
    const r = await this.db(OUTBOX_TABLE).where({ id }).first();
    return r ? toRow(r) : undefined;
  }

  /** Takes the row for one delivery attempt; false if another sender holds it or it already has a receipt. */
  async claim(id: string, now: number, leaseMs: number): Promise<boolean> {
    const n = await this.db(OUTBOX_TABLE)
      .where({ id })
      .whereNull('receipt_sig')
      .andWhere((q) => q.whereNull('lease_until').orWhere('lease_until', '<=', now))
      .update({ lease_until: now + leaseMs, attempts: this.db.raw('attempts + 1') });
    return n === 1;
  }

  /** Ids due for a retry (no receipt, not claimed), oldest first. */
  async dueIds(now: number, limit: number): Promise<string[]> {
    const rows = await this.db(OUTBOX_TABLE)
      .whereNull('receipt_sig')
      .where('next_attempt_at', '<=', now)
      .andWhere((q) => q.whereNull('lease_until').orWhere('lease_until', '<=', now))
      .orderBy('received_at', 'asc')
      .limit(limit)
      .select('id');
    return rows.map((r: Raw) => String(r.id));
  }

  /** Rows whose receipt was verified but whose delete has not happened yet. */
  async receiptedIds(limit: number): Promise<string[]> {
    const rows = await this.db(OUTBOX_TABLE).whereNotNull('receipt_sig').limit(limit).select('id');
    return rows.map((r: Raw) => String(r.id));
  }

  async recordFailure(id: string, error: string, at: number, nextAttemptAt: number): Promise<void> {
    await this.db(OUTBOX_TABLE)
      .where({ id })
      .update({ lease_until: null, last_error: error.slice(0, 200), last_error_at: at, next_attempt_at: nextAttemptAt });
  }

  async recordReceipt(id: string, receipt: StoredReceipt): Promise<void> {
    await this.db(OUTBOX_TABLE).where({ id }).update({
      lease_until: null,
      last_error: null,
      receipt_kid: receipt.kid,
      receipt_received_at: receipt.receivedAt,
      receipt_sig: receipt.sig,
      receipt_verified_at: receipt.verifiedAt,
    });
  }

  /**
   * Deletes the row and appends its shred record in one transaction. Callers
   * pass only rows whose receipt they verified; the WHERE also refuses a row
   * without a stored receipt, so no code path can shred an unacknowledged row.
   */
  async shred(row: OutboxRow, now: number): Promise<boolean> {
    const receipt = row.receipt;
    if (!receipt) return false;
    return this.deleteWithShredRecord(row, { receiptAt: receipt.receivedAt, verifiedAt: receipt.verifiedAt, now }, { requireStoredReceipt: true });
  }

  /**
   * The delivery's one write: deletes the row the receipt names (same id, same
   * digest) and appends its shred record, which keeps the receipt's time and
   * verification time, in one transaction. Nothing is written unless both
   * happen, so a failure leaves the row for the sweep to send again (the portal
   * answers a repeat with the same receipt). Callers pass only a receipt they
   * verified for this row. False when the row was already gone.
   */
  async settle(row: OutboxRow, receipt: StoredReceipt, now: number): Promise<boolean> {
    return this.deleteWithShredRecord(row, { receiptAt: receipt.receivedAt, verifiedAt: receipt.verifiedAt, now });
  }

  /**
   * Deletes a row the portal signed a final rejection for (the caller verified
   * it for this id and digest) and appends its shred record with outcome
   * `rejected:<reason>`, the rejection's time in receipt_received_at.
   */
  async settleRejected(row: OutboxRow, rejection: VerifiedRejection, now: number): Promise<boolean> {
    return this.deleteWithShredRecord(row, {
      receiptAt: rejection.rejectedAt,
      verifiedAt: rejection.verifiedAt,
      now,
      outcome: `rejected:${rejection.reason}`.slice(0, 40),
    });
  }

  /** Deletes the row (same id and digest) and appends its shred record, together or not at all. */
  private deleteWithShredRecord(
    row: OutboxRow,
    record: { receiptAt: string; verifiedAt: number; now: number; outcome?: string },
    opts: { requireStoredReceipt?: boolean } = {},
  ): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const match = tx(OUTBOX_TABLE).where({ id: row.id, digest: row.digest });
      const deleted = await (opts.requireStoredReceipt ? match.whereNotNull('receipt_sig') : match).delete();
      if (deleted !== 1) return false;
      await tx(SHRED_TABLE)
        .insert({
          id: row.id,
          digest: row.digest,
          receipt_received_at: record.receiptAt,
          receipt_verified_at: record.verifiedAt,
          shredded_at: record.now,
          ...(record.outcome ? { outcome: record.outcome } : {}),
        })
        .onConflict('id')
        .ignore();
      return true;
    });
  }

  /** Envelopes deleted on a signed rejection since `since`: a count for the admin page. */
  async rejectedSince(since: number): Promise<number> {
    const r = await this.db(SHRED_TABLE).where('shredded_at', '>=', since).whereNotNull('outcome').count({ n: '*' }).first();
    return num(r?.n ?? 0);
  }

  async getShred(id: string): Promise<ShredRecord | undefined> {
    const r = await this.db(SHRED_TABLE).where({ id }).first();
    if (!r) return undefined;
    return {
      id: String(r.id),
      digest: String(r.digest),
      receiptReceivedAt: String(r.receipt_received_at),
      receiptVerifiedAt: num(r.receipt_verified_at),
      shreddedAt: num(r.shredded_at),
    };
  }

  /** Numbers for the admin page and the alert; never ciphertext. */
  async stats(since: number): Promise<{ depth: number; oldestReceivedAt: number | null; deliveredSince: number; shreddedSince: number }> {
    const pending = await this.db(OUTBOX_TABLE).count({ n: '*' }).min({ oldest: 'received_at' }).first();
    const receiptedPending = await this.db(OUTBOX_TABLE).where('receipt_verified_at', '>=', since).count({ n: '*' }).first();
    const delivered = await this.db(SHRED_TABLE).where('receipt_verified_at', '>=', since).whereNull('outcome').count({ n: '*' }).first();
    const shredded = await this.db(SHRED_TABLE).where('shredded_at', '>=', since).count({ n: '*' }).first();
    return {
      depth: num(pending?.n ?? 0),
      oldestReceivedAt: numOrNull(pending?.oldest),
      deliveredSince: num(delivered?.n ?? 0) + num(receiptedPending?.n ?? 0),
      shreddedSince: num(shredded?.n ?? 0),
    };
  }

  /** The most recent failure still recorded on a pending row (this or another instance). */
  async latestError(): Promise<{ message: string; at: number } | null> {
    const r = await this.db(OUTBOX_TABLE).whereNotNull('last_error').orderBy('last_error_at', 'desc').first('last_error', 'last_error_at');
    return r ? { message: String(r.last_error), at: num(r.last_error_at) } : null;
  }

  /**
   * Deletes shred records older than `before`, in small batches so a long
   * backlog never holds SQLite's writer for long. Outbox rows are never touched.
   */
  async expireShredRecords(before: number, batch = 500): Promise<number> {
    let expired = 0;
    for (;;) {
      const ids = (await this.db(SHRED_TABLE).where('shredded_at', '<', before).orderBy('shredded_at').limit(batch).pluck('id')) as string[];
      if (ids.length === 0) return expired;
      expired += await this.db(SHRED_TABLE).whereIn('id', ids).del();
      if (ids.length < batch) return expired;
    }
  }

  /** Undelivered rows received before `before`: reported and kept. */
  async overdue(before: number): Promise<{ count: number; oldestReceivedAt: number | null }> {
    const r = await this.db(OUTBOX_TABLE).whereNull('receipt_sig').where('received_at', '<', before).count({ n: '*' }).min({ oldest: 'received_at' }).first();
    return { count: num(r?.n ?? 0), oldestReceivedAt: numOrNull(r?.oldest) };
  }
}
