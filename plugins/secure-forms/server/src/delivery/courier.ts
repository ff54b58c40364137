import type { EnvelopeV1, Receipt, Rejection } from '@palisade/protocol';
import type { OutboxRow, OutboxStore, StoredReceipt } from '../outbox/store';
import { errorKind } from '../error-kind';
import { retryDelayMs } from './backoff';
import type { ForwardResult } from './forward';

export interface CourierDeps {
  store: OutboxStore;
  forward: (envelope: EnvelopeV1, digest: string) => Promise<ForwardResult>;
  /** Re-checks a stored receipt before a delayed delete: "never delete without a verified receipt". */
  checkStoredReceipt: (receipt: Receipt) => Promise<boolean>;
  now: () => number;
  /** How long one send may hold a row; longer than a forward can take. */
  leaseMs: number;
  warn: (message: string) => void;
  /** Remembers the last forward error for the admin page. */
  noteError: (message: string, at: number) => void;
  random?: () => number;
}

export type DeliveryOutcome = 'delivered' | 'queued';

export interface SweepReport {
  /** Rows this sweep sent and got a verified receipt for. */
  delivered: number;
  /** Rows this sweep sent without a verified receipt (kept, retried later). */
  failed: number;
  purged: number;
  overdue: { count: number; oldestReceivedAt: number | null };
}

const BATCH = 100;
const PARALLEL = 8;

const envelopeOf = (row: OutboxRow): EnvelopeV1 => ({ v: 1, id: row.id, form: row.form, kid: row.kid, ct: row.ciphertext });
const receiptOf = (row: OutboxRow): Receipt | undefined =>
  row.receipt ? { id: row.id, digest: row.digest, receivedAt: row.receipt.receivedAt, kid: row.receipt.kid, sig: row.receipt.sig } : undefined;

/**
 * Moves envelopes from the outbox to the portal: one send per claimed row, the
 * receipt stored as soon as it verifies, the row deleted right after (and, if
 * that delete fails, by the next sweep after re-checking the stored receipt).
 * Logs name the envelope id and the reason only.
 */
export class Courier {
  constructor(private readonly deps: CourierDeps) {}

  /** How long one send holds a row: the intake inserts new rows claimed for this long. */
  get leaseMs(): number {
    return this.deps.leaseMs;
  }

  /** One attempt for one row, if nobody else holds it; otherwise where the row stands. */
  async deliver(id: string, now = this.deps.now()): Promise<DeliveryOutcome> {
    return (await this.attempt(id, now)).outcome;
  }

  /**
   * Sends a row the caller already holds: the intake inserts each new envelope
   * claimed (attempts 1, leased) and hands it over in memory, so the request
   * path neither claims nor reads it back.
   */
  async deliverClaimed(row: OutboxRow): Promise<DeliveryOutcome> {
    return this.send(row);
  }

  private async attempt(id: string, now: number): Promise<{ outcome: DeliveryOutcome; sent: boolean }> {
    const { store } = this.deps;
    if (!(await store.claim(id, now, this.deps.leaseMs))) {
      const row = await store.get(id);
      return { outcome: !row || row.receipt ? 'delivered' : 'queued', sent: false };
    }
    const row = await store.get(id);
    if (!row) return { outcome: 'delivered', sent: false };
    return { outcome: await this.send(row), sent: true };
  }

  private async send(row: OutboxRow): Promise<DeliveryOutcome> {
    const { store } = this.deps;
    const id = row.id;
    const result = await this.deps.forward(envelopeOf(row), row.digest);
    if (!result.ok && 'rejection' in result) return this.dropRejected(row, result.rejection);
    if (!result.ok) {
      const at = this.deps.now();
      await store.recordFailure(id, result.error, at, at + retryDelayMs(row.attempts, this.deps.random));
      this.deps.noteError(result.error, at);
      this.deps.warn(`secure-forms: envelope ${id} not delivered (attempt ${row.attempts}): ${result.error}`);
      return 'queued';
    }
    const receipt = { kid: result.receipt.kid, receivedAt: result.receipt.receivedAt, sig: result.receipt.sig, verifiedAt: this.deps.now() };
    try {
      // The receipt (in the shred record), the delete and the shred commit together.
      await store.settle(row, receipt, this.deps.now());
    } catch (err) {
      await this.keepReceipt(id, receipt, errorKind(err));
    }
    return 'delivered';
  }

  /**
   * The portal signed that it can never accept this envelope (forward verified
   * the rejection for this id and digest against the pinned key): delete the
   * row with a shred record naming the reason. Still 'queued' to the caller:
   * nothing was delivered. If the delete fails the row stays, and its next send
   * gets an equivalent rejection.
   */
  private async dropRejected(row: OutboxRow, rejection: Rejection): Promise<DeliveryOutcome> {
    const at = this.deps.now();
    try {
      await this.deps.store.settleRejected(row, { reason: rejection.reason, rejectedAt: rejection.rejectedAt, verifiedAt: at }, at);
      this.deps.warn(`secure-forms: envelope ${row.id} rejected by the portal for good (${rejection.reason}); deleted`);
    } catch (err) {
      const error = `portal rejected the envelope (${rejection.reason}); delete failed`;
      await this.deps.store.recordFailure(row.id, error, at, at + retryDelayMs(row.attempts, this.deps.random));
      this.deps.warn(`secure-forms: envelope ${row.id} ${error} (${errorKind(err)}); kept`);
    }
    return 'queued';
  }

  /**
   * The delete failed: store the receipt on the row so the sweep deletes it
   * (after re-checking it) without sending again. If even that fails, the row
   * stays as it was and the sweep sends it again after the lease; the portal
   * answers a repeat with the same receipt, so nothing is lost or doubled.
   */
  private async keepReceipt(id: string, receipt: StoredReceipt, why: string): Promise<void> {
    try {
      await this.deps.store.recordReceipt(id, receipt);
      this.deps.warn(`secure-forms: envelope ${id} delivered but not yet deleted (${why}); the sweep will delete it`);
    } catch (err) {
      this.deps.warn(`secure-forms: envelope ${id} delivered but not yet deleted (${why}, then ${errorKind(err)}); the sweep will send it again`);
    }
  }

  /** Deletes rows whose receipt was verified but whose delete did not happen. */
  async purgeReceipted(): Promise<number> {
    let purged = 0;
    for (const id of await this.deps.store.receiptedIds(BATCH)) {
      const row = await this.deps.store.get(id);
      const receipt = row && receiptOf(row);
      if (!row || !receipt) continue;
      if (!(await this.deps.checkStoredReceipt(receipt))) {
        this.deps.warn(`secure-forms: envelope ${id} has a stored receipt that no longer verifies; kept`);
        continue;
      }
      if (await this.deps.store.shred(row, this.deps.now())) purged += 1;
    }
    return purged;
  }

  /**
   * The retry-and-purge pass. `now` may be moved forward by a caller (tests, an
   * operator's "retry now") to ignore backoff; leases still protect rows other
   * senders hold.
   */
  async sweep(options: { now?: number; alertAgeMs: number }): Promise<SweepReport> {
    const now = options.now ?? this.deps.now();
    const purged = await this.purgeReceipted();
    let delivered = 0;
    let failed = 0;
    const tried = new Set<string>();
    for (;;) {
      const ids = (await this.deps.store.dueIds(now, BATCH)).filter((id) => !tried.has(id));
      if (ids.length === 0) break;
      ids.forEach((id) => tried.add(id));
      for (let i = 0; i < ids.length; i += PARALLEL) {
        const results = await Promise.all(ids.slice(i, i + PARALLEL).map((id) => this.attempt(id, now)));
        for (const r of results.filter((x) => x.sent)) r.outcome === 'delivered' ? (delivered += 1) : (failed += 1);
      }
    }
    const overdue = await this.deps.store.overdue(this.deps.now() - options.alertAgeMs);
    if (overdue.count > 0) {
      const ageMin = Math.round((this.deps.now() - (overdue.oldestReceivedAt ?? this.deps.now())) / 60_000);
      this.deps.warn(`secure-forms: ${overdue.count} envelope(s) undelivered past the alert age; the oldest is ${ageMin} min old. They are kept.`);
    }
    return { delivered, failed, purged, overdue };
  }
}
