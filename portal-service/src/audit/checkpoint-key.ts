import crypto, { type KeyObject } from 'node:crypto';
import type { Clock } from '../clock';
import type { Db } from '../db/types';
import { toBuffer } from '../db/values';
import type { Kms } from '../keys/kms';

/** DER prefix of an Ed25519 SubjectPublicKeyInfo; the keys table stores the raw 32 bytes after it. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const PURPOSE = 'audit-checkpoint';
// Same wrapping context shape as the key service, so a wrapped key moved to another row or purpose does not unwrap.
const context = (kid: string) => `palisade-key:${PURPOSE}:${kid}`;

export function checkpointPublicKey(raw: Uint8Array): KeyObject {
  return crypto.createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(raw)]), format: 'der', type: 'spki' });
}

/** The public half of a checkpoint key by kid (any role that reads `keys`); undefined for an unknown kid or another purpose. */
export async function checkpointVerifyKey(db: Db, kid: string): Promise<KeyObject | undefined> {
  const { rows } = await db.query<{ public_key: unknown }>(`SELECT public_key FROM keys WHERE kid = $1 AND purpose = $2`, [kid, PURPOSE]);
  return rows[0] ? checkpointPublicKey(toBuffer(rows[0].public_key)) : undefined;
}

/** The current checkpoint key's kid and public key as PEM (for checking checkpoint files offline). */
export async function currentCheckpointKeyPem(db: Db): Promise<{ kid: string; pem: string } | undefined> {
  const { rows } = await db.query<{ kid: string; public_key: unknown }>(`SELECT kid, public_key FROM keys WHERE purpose = $1 AND current`, [PURPOSE]);
  const row = rows[0];
  if (!row) return undefined;
  return { kid: row.kid, pem: checkpointPublicKey(toBuffer(row.public_key)).export({ format: 'pem', type: 'spki' }).toString() };
}

/**
 * The Ed25519 key that signs audit checkpoints, created on first use by the
 * owner and stored wrapped under the KMS like every other key. It signs
 * nothing else, so a checkpoint signature cannot be obtained through the
 * receipt or key-set paths.
 */
export class CheckpointSigner {
  private cached: { kid: string; privateKey: KeyObject } | undefined;

  constructor(
    private readonly owner: Db,
    private readonly kms: Kms,
    private readonly clock: Clock,
  ) {}

  async signer(): Promise<{ kid: string; privateKey: KeyObject }> {
    if (this.cached) return this.cached;
    let row = await this.current();
    if (!row) {
      await this.create().catch(async (err: unknown) => {
        // Another process created it first (one current key per purpose): use theirs.
        if (!(await this.current())) throw err;
      });
      row = await this.current();
    }
    if (!row) throw new Error('no audit checkpoint key');
    const der = await this.kms.unwrap(toBuffer(row.private_wrapped), context(row.kid));
    this.cached = { kid: row.kid, privateKey: crypto.createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' }) };
    return this.cached;
  }

  private async current(): Promise<{ kid: string; private_wrapped: unknown } | undefined> {
    const { rows } = await this.owner.query<{ kid: string; private_wrapped: unknown }>(
      `SELECT kid, private_wrapped FROM keys WHERE purpose = $1 AND current`,
      [PURPOSE],
    );
    return rows[0];
  }

  private async create(): Promise<void> {
    const now = this.clock.now();
    const kid = `audit-${now.toISOString().slice(0, 10).replace(/-/g, '')}-${crypto.randomBytes(4).toString('hex')}`;
    const pair = crypto.generateKeyPairSync('ed25519');
    const publicKey = pair.publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
    const wrapped = await this.kms.wrap(pair.privateKey.export({ format: 'der', type: 'pkcs8' }), context(kid));
    await this.owner.query(
      `INSERT INTO keys (kid, purpose, public_key, private_wrapped, created_at, current) VALUES ($1, $2, $3, $4, $5, true)`,
      [kid, PURPOSE, Buffer.from(publicKey), Buffer.from(wrapped), now],
    );
  }
}
