import type { KeyObject } from 'node:crypto';

export type KeyPurpose = 'intake' | 'keyset-signing' | 'receipt-signing' | 'audit-checkpoint';

/** A row of the `keys` table as read by the key service. */
export interface KeyRow {
  kid: string;
  purpose: KeyPurpose;
  public_key: unknown;
  private_wrapped: unknown;
  created_at: unknown;
  not_after: unknown;
  retired_at: unknown;
  current: boolean;
}

/**
 * How long a key row read from the database is reused (kid -> purpose, state,
 * public and wrapped key). A rotation or retirement made by this process clears
 * the cache at once; one made by another process (the CLI) is seen within this
 * time at most. The intake insert re-checks the kid's state in the same
 * statement, so nothing is ever stored sealed to a key retired meanwhile.
 */
export const KEY_ROW_TTL_MS = 5_000;

export interface CachedRow {
  row: KeyRow;
  readAt: number;
}

/** Unwrapped private keys by kid, and recently read key rows, shared by every KeyService of the process. Memory only. */
export class KeyCache {
  readonly x25519 = new Map<string, Uint8Array>();
  readonly ed25519 = new Map<string, KeyObject>();
  readonly rows = new Map<string, CachedRow>();
  signerRow: CachedRow | undefined;

  /** The row of `kid`, from the cache while fresh. Unknown kids are not cached: a key created meanwhile is seen at once. */
  async row(kid: string, now: number, load: () => Promise<KeyRow | undefined>): Promise<KeyRow | undefined> {
    const hit = freshRow(this.rows.get(kid), now);
    if (hit) return hit;
    const row = await load();
    if (row) this.rows.set(kid, { row, readAt: now });
    else this.rows.delete(kid);
    return row;
  }

  /** The current key-set (receipt) signing key's row, from the cache while fresh. */
  async signer(now: number, load: () => Promise<KeyRow | undefined>): Promise<KeyRow | undefined> {
    const hit = freshRow(this.signerRow, now);
    if (hit) return hit;
    const row = await load();
    this.signerRow = row ? { row, readAt: now } : undefined;
    return row;
  }

  /** Forgets every cached row (not the unwrapped keys: a kid's key material never changes). */
  invalidateRows(): void {
    this.rows.clear();
    this.signerRow = undefined;
  }
}

/** The cached row while it is younger than KEY_ROW_TTL_MS; a clock that went backwards also counts as stale. */
export function freshRow(cached: CachedRow | undefined, now: number): KeyRow | undefined {
  return cached && now >= cached.readAt && now - cached.readAt < KEY_ROW_TTL_MS ? cached.row : undefined;
}
