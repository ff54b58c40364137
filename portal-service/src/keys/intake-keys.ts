import crypto, { type KeyObject } from 'node:crypto';
import {
  encodeBase64url,
  keySetFingerprint,
  openPayload,
  signKeySet,
  signReceipt,
  signRejection,
  type KeySetDocument,
  type Receipt,
  type ReceiptFields,
  type Rejection,
  type RejectionFields,
  type SealedPayload,
} from '@palisade/protocol';
import type { Clock } from '../clock';
import type { Db } from '../db/types';
import { toBuffer, toDate } from '../db/values';
import type { Kms } from './kms';
import { KeyCache, type KeyPurpose, type KeyRow } from './key-cache';
import { sodiumReady } from './sodium';

export { KEY_ROW_TTL_MS, KeyCache, type KeyPurpose } from './key-cache';

export interface KeyInfo {
  kid: string;
  purpose: KeyPurpose;
  createdAt: Date;
  ageDays: number;
  current: boolean;
  retiredAt: Date | null;
  notAfter: Date | null;
}

/** Why a key cannot be used or changed. Messages name the kid at most, never key material. */
export class KeyError extends Error {
  constructor(
    readonly reason: 'unknown-kid' | 'retired' | 'wrong-purpose' | 'is-current' | 'still-needed' | 'no-current-key',
    message: string,
  ) {
    super(message);
    this.name = 'KeyError';
  }
}

const KEYS_LOCK = 0x6b657973;
const context = (purpose: KeyPurpose, kid: string) => `palisade-key:${purpose}:${kid}`;

/**
 * The portal's key pairs in the `keys` table: X25519 intake keys (the browser
 * seals to the current one; older ones still open until retired) and the
 * Ed25519 key that signs the public key set and the intake receipts (the CMS
 * pins its fingerprint and verifies receipts with it, see protocol README §3).
 * Private keys are stored wrapped by the KMS and exist unwrapped only in
 * KeyCache (key-cache.ts); they never reach logs, errors or answers.
 *
 * Each listener gets its own instance bound to its own database handle (staff:
 * portal_app, intake: portal_ingest; CLI: owner), all sharing one cache.
 */
export class KeyService {
  constructor(
    private readonly db: Db,
    private readonly kms: Kms,
    private readonly clock: Clock,
    private readonly cache: KeyCache = new KeyCache(),
  ) {}

  /** Creates the current intake key and the key-set signing key if either is missing (first start). */
  async ensure(): Promise<{ created: KeyInfo[] }> {
    return this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [KEYS_LOCK]);
      const created: KeyInfo[] = [];
      for (const purpose of ['intake', 'keyset-signing'] as const) {
        const cur = await tx.query(`SELECT 1 FROM keys WHERE purpose = $1 AND current`, [purpose]);
        if (cur.rowCount === 0) created.push(await this.insertKey(tx, purpose));
      }
      return { created };
    });
  }

  /** Adds a new intake key and makes it current. Older intake keys keep opening their submissions. */
  async rotate(onChange?: (tx: Db, key: KeyInfo) => Promise<void>): Promise<KeyInfo> {
    return this.changingKeys(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [KEYS_LOCK]);
      await tx.query(`UPDATE keys SET current = false WHERE purpose = 'intake' AND current`);
      const key = await this.insertKey(tx, 'intake');
      await onChange?.(tx, key);
      return key;
    });
  }

  /**
   * Retires an intake key: it leaves the public key set and stops opening
   * ciphertexts. Refused for the current key and while submissions sealed to it
   * are not done (they would become unreadable).
   */
  async retire(kid: string, onChange?: (tx: Db, key: KeyInfo) => Promise<void>): Promise<KeyInfo> {
    return this.changingKeys(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [KEYS_LOCK]);
      const row = await this.row(tx, kid);
      if (!row) throw new KeyError('unknown-kid', `no key ${kid}`);
      if (row.purpose !== 'intake') throw new KeyError('wrong-purpose', `${kid} is not an intake key`);
      if (row.retired_at) throw new KeyError('retired', `${kid} is already retired`);
      if (row.current) throw new KeyError('is-current', `${kid} is the current intake key; rotate first`);
      const open = await tx.query<{ n: unknown }>('SELECT intake_key_open_submissions($1) AS n', [kid]);
      const n = Number(open.rows[0]?.n ?? 0);
      if (n > 0) throw new KeyError('still-needed', `${n} submission(s) sealed to ${kid} are not done yet`);
      await tx.query(`UPDATE keys SET retired_at = $2 WHERE kid = $1`, [kid, this.clock.now()]);
      const info = this.info({ ...row, retired_at: this.clock.now() });
      await onChange?.(tx, info);
      return info;
    });
  }

  /** A key-changing transaction; the row cache is cleared after it commits (clearing before would let a request re-cache the old row). */
  private async changingKeys<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    try {
      return await this.db.transaction(fn);
    } finally {
      this.cache.invalidateRows();
    }
  }

  async list(): Promise<KeyInfo[]> {
    const { rows } = await this.db.query<KeyRow>(
      `SELECT kid, purpose, public_key, private_wrapped, created_at, not_after, retired_at, current FROM keys ORDER BY purpose, created_at, kid`,
    );
    return rows.map((r) => this.info(r));
  }

  async current(): Promise<{ kid: string; publicKey: Uint8Array }> {
    const { rows } = await this.db.query<KeyRow>(
      `SELECT kid, purpose, public_key, private_wrapped, created_at, not_after, retired_at, current FROM keys WHERE purpose = 'intake' AND current`,
    );
    const row = rows[0];
    if (!row) throw new KeyError('no-current-key', 'no current intake key');
    return { kid: row.kid, publicKey: toBuffer(row.public_key) };
  }

  /** Whether `kid` names a usable (known, intake, not retired) key: the intake route checks this before opening. */
  async usable(kid: string, db: Db = this.db): Promise<{ ok: true } | { ok: false; reason: 'unknown-kid' | 'retired' | 'wrong-purpose' }> {
    const row = await this.cache.row(kid, this.clock.now().getTime(), () => this.row(db, kid));
    if (!row) return { ok: false, reason: 'unknown-kid' };
    if (row.purpose !== 'intake') return { ok: false, reason: 'wrong-purpose' };
    if (row.retired_at) return { ok: false, reason: 'retired' };
    return { ok: true };
  }

  /**
   * Opens a sealed payload with the private key of `kid`. Throws KeyError when
   * the key is unknown or retired and the protocol's SealError when the box does
   * not open or its content is not a sealed payload.
   */
  async openSealed(kid: string, ciphertext: Uint8Array, db: Db = this.db): Promise<SealedPayload> {
    const row = await this.cache.row(kid, this.clock.now().getTime(), () => this.row(db, kid));
    if (!row) throw new KeyError('unknown-kid', `no key ${kid}`);
    if (row.purpose !== 'intake') throw new KeyError('wrong-purpose', `${kid} is not an intake key`);
    if (row.retired_at) throw new KeyError('retired', `${kid} is retired`);
    const sodium = await sodiumReady();
    return openPayload(sodium, ciphertext, toBuffer(row.public_key), await this.intakeSecret(row));
  }

  /**
   * Which intake private key the portal holds, current or retired, opens the box (payload not
   * looked at), if any: asked before signing a `sealed-box` rejection, so a box another of our keys
   * opens, whatever its label, is never declared unopenable. Rows read fresh: a rare, final path.
   */
  async heldKeyThatOpens(ciphertext: Uint8Array, db: Db = this.db): Promise<string | undefined> {
    const { rows } = await db.query<KeyRow>(
      `SELECT kid, purpose, public_key, private_wrapped, created_at, not_after, retired_at, current FROM keys WHERE purpose = 'intake' ORDER BY created_at DESC, kid`,
    );
    const sodium = await sodiumReady();
    for (const row of rows) {
      // Outside the try: a key that cannot be unwrapped (KMS down, wrong master key) must fail the
      // request, never count as "does not open" and so let a rejection be signed.
      const secret = await this.intakeSecret(row);
      try {
        sodium.crypto_box_seal_open(ciphertext, toBuffer(row.public_key), secret);
        return row.kid;
      } catch {
        // Does not open with this key; try the next.
      }
    }
    return undefined;
  }

  private async intakeSecret(row: KeyRow): Promise<Uint8Array> {
    let secret = this.cache.x25519.get(row.kid);
    if (!secret) {
      secret = await this.kms.unwrap(toBuffer(row.private_wrapped), context('intake', row.kid));
      this.cache.x25519.set(row.kid, secret);
    }
    return secret;
  }

  /** The public intake key set, signed; served at GET /intake/keys and pinned by browsers via its fingerprint. */
  async keySetDocument(): Promise<KeySetDocument> {
    const { rows } = await this.db.query<KeyRow>(
      `SELECT kid, purpose, public_key, private_wrapped, created_at, not_after, retired_at, current
         FROM keys WHERE purpose = 'intake' AND retired_at IS NULL ORDER BY current DESC, created_at DESC, kid LIMIT 16`,
    );
    const current = rows.find((r) => r.current);
    if (!current) throw new KeyError('no-current-key', 'no current intake key');
    const signer = await this.signer();
    return signKeySet(
      {
        keys: rows.map((r) => ({
          kid: r.kid,
          publicKey: encodeBase64url(toBuffer(r.public_key)),
          notAfter: r.not_after ? toDate(r.not_after).toISOString() : null,
        })),
        current: current.kid,
        issuedAt: this.clock.now().toISOString(),
      },
      signer.privateKey,
    );
  }

  /** `sha256:<base64url>` of the key-set signing key: the value to configure as the CMS / widget pin. */
  async keySetFingerprint(): Promise<string> {
    const { rows } = await this.db.query<{ public_key: unknown }>(`SELECT public_key FROM keys WHERE purpose = 'keyset-signing' AND current`);
    const row = rows[0];
    if (!row) throw new KeyError('no-current-key', 'no key-set signing key');
    return keySetFingerprint(toBuffer(row.public_key));
  }

  /** Signs an intake receipt with the key-set signing key (the key the CMS already pins). */
  async signReceipt(fields: ReceiptFields, db: Db = this.db): Promise<Receipt> {
    const signer = await this.signer(db);
    return signReceipt(fields, signer);
  }

  /** Signs a final rejection with the same key as receipts (the key the CMS pins); the signing bytes are domain-separated. */
  async signRejection(fields: RejectionFields, db: Db = this.db): Promise<Rejection> {
    const signer = await this.signer(db);
    return signRejection(fields, signer);
  }

  private async signer(db: Db = this.db): Promise<{ kid: string; privateKey: KeyObject }> {
    const row = await this.cache.signer(this.clock.now().getTime(), async () => {
      const { rows } = await db.query<KeyRow>(
        `SELECT kid, purpose, public_key, private_wrapped, created_at, not_after, retired_at, current FROM keys WHERE purpose = 'keyset-signing' AND current`,
      );
      return rows[0];
    });
    if (!row) throw new KeyError('no-current-key', 'no key-set signing key');
    let key = this.cache.ed25519.get(row.kid);
    if (!key) {
      const der = await this.kms.unwrap(toBuffer(row.private_wrapped), context('keyset-signing', row.kid));
      key = crypto.createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' });
      this.cache.ed25519.set(row.kid, key);
    }
    return { kid: row.kid, privateKey: key };
  }


  private async row(db: Db, kid: string): Promise<KeyRow | undefined> {
    const { rows } = await db.query<KeyRow>(
      `SELECT kid, purpose, public_key, private_wrapped, created_at, not_after, retired_at, current FROM keys WHERE kid = $1`,
      [kid],
    );
    return rows[0];
  }

  private async insertKey(tx: Db, purpose: 'intake' | 'keyset-signing'): Promise<KeyInfo> {
    const now = this.clock.now();
    const kid = `${purpose === 'intake' ? 'intake' : 'keyset'}-${now.toISOString().slice(0, 10).replace(/-/g, '')}-${crypto.randomBytes(4).toString('hex')}`;
    let publicKey: Uint8Array;
    let secret: Uint8Array;
    if (purpose === 'intake') {
      const sodium = await sodiumReady();
      const pair = sodium.crypto_box_keypair();
      publicKey = pair.publicKey;
      secret = pair.privateKey;
    } else {
      const pair = crypto.generateKeyPairSync('ed25519');
      publicKey = pair.publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
      secret = pair.privateKey.export({ format: 'der', type: 'pkcs8' });
    }
    const wrapped = await this.kms.wrap(secret, context(purpose, kid));
    await tx.query(
      `INSERT INTO keys (kid, purpose, public_key, private_wrapped, created_at, current) VALUES ($1, $2, $3, $4, $5, true)`,
      [kid, purpose, Buffer.from(publicKey), Buffer.from(wrapped), now],
    );
    return { kid, purpose, createdAt: now, ageDays: 0, current: true, retiredAt: null, notAfter: null };
  }

  private info(r: KeyRow): KeyInfo {
    const createdAt = toDate(r.created_at);
    return {
      kid: r.kid,
      purpose: r.purpose,
      createdAt,
      ageDays: Math.floor((this.clock.now().getTime() - createdAt.getTime()) / 86_400_000),
      current: r.current,
      retiredAt: r.retired_at ? toDate(r.retired_at) : null,
      notAfter: r.not_after ? toDate(r.not_after) : null,
    };
  }
}
