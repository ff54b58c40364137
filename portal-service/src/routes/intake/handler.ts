import { createPublicKey, type KeyObject } from 'node:crypto';
import {
  decodeBase64url,
  envelopeDigest,
  EnvelopeV1Schema,
  ReceiptSchema,
  SealError,
  verifyRequest,
  type EnvelopeV1,
  type Receipt,
} from '@palisade/protocol';
import type { TrustedCmsKey } from '@palisade/config';
import { AuditEvents } from '../../audit/events';
import type { AuditAppender, AuditMeta } from '../../audit/sink';
import type { Clock } from '../../clock';
import type { Db } from '../../db/types';
import { ProblemError } from '../../http/problem';
import { KeyError, type KeyService } from '../../keys/intake-keys';

/** How long a nonce is remembered: the longest a signature can stay acceptable (protocol defaults). */
const MAX_AGE_SECONDS = 300;
const MAX_FUTURE_SKEW_SECONDS = 30;

export interface IntakeDeps {
  /** The ingest handle: the only database access of the intake listener. */
  db: Db;
  keys: KeyService;
  clock: Clock;
  audit: AuditAppender;
  cmsKeys: readonly TrustedCmsKey[];
}

export interface IntakeRequest {
  method: string;
  url: string;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  body: Buffer;
  meta: AuditMeta;
}

export type IntakeOutcome = { status: 200 | 201; receipt: Receipt };

interface Stored {
  digest: string;
  receipt: unknown;
}

/**
 * POST /internal/intake, start to finish. The order matters: authenticate the
 * caller before reading the body; answer a retry from what is stored before
 * touching keys (so a retry still gets its receipt after a key is retired);
 * open the sealed box only to check it, then drop the plaintext.
 */
export class IntakeHandler {
  private readonly trusted: Map<string, KeyObject>;

  constructor(private readonly deps: IntakeDeps) {
    this.trusted = new Map(deps.cmsKeys.map((k) => [k.keyId, createPublicKey(k.publicKeyPem)]));
  }

  async handle(req: IntakeRequest): Promise<IntakeOutcome> {
    const now = this.deps.clock.now();
    const verified = verifyRequest({
      method: req.method,
      url: req.url,
      headers: req.headers,
      body: req.body,
      resolveKey: (keyId) => this.trusted.get(keyId),
      now,
      maxAgeSeconds: MAX_AGE_SECONDS,
      maxFutureSkewSeconds: MAX_FUTURE_SKEW_SECONDS,
    });
    if (!verified.ok) {
      await this.reject(req.meta, verified.keyId ?? null, verified.reason);
      throw new ProblemError('signature', 'The request signature was not accepted.', verified.reason);
    }
    const keyId = verified.keyId;

    const rememberUntil = new Date(Math.max(verified.expires, verified.created + MAX_AGE_SECONDS + MAX_FUTURE_SKEW_SECONDS) * 1000);
    const fresh = await this.deps.db.query(
      `INSERT INTO intake_nonces (keyid, nonce, expires_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [keyId, verified.nonce, rememberUntil],
    );
    if (fresh.rowCount === 0) {
      await this.reject(req.meta, keyId, 'replayed-nonce');
      throw new ProblemError('signature', 'The request signature was already used.', 'replayed-nonce');
    }

    const envelope = await this.parse(req, keyId);
    const digest = envelopeDigest(envelope);

    const earlier = await this.stored(this.deps.db, envelope.id);
    if (earlier) return this.repeat(req.meta, keyId, envelope, digest, earlier);

    const usable = await this.deps.keys.usable(envelope.kid);
    if (!usable.ok) {
      const reason = usable.reason === 'retired' ? 'retired-kid' : 'unknown-kid';
      await this.reject(req.meta, keyId, reason, envelope);
      throw new ProblemError('unprocessable', usable.reason === 'retired' ? 'The intake key named by kid is retired.' : 'The intake key named by kid is unknown.', reason);
    }
    await this.checkSealed(req.meta, keyId, envelope);

    const form = await this.deps.db.query<{ clinic_id: string; retention_days: number }>(
      `SELECT clinic_id, retention_days FROM forms WHERE slug = $1`,
      [envelope.form],
    );
    const registered = form.rows[0];
    if (!registered) {
      await this.reject(req.meta, keyId, 'unknown-form', envelope);
      throw new ProblemError('unprocessable', 'The form is not registered with the portal.', 'unknown-form');
    }

    const receivedAt = new Date(now.getTime());
    const receipt = await this.deps.keys.signReceipt({ id: envelope.id, digest, receivedAt: receivedAt.toISOString() });
    const retentionUntil = new Date(receivedAt.getTime() + Number(registered.retention_days) * 86_400_000);

    return this.deps.db.transaction(async (tx) => {
      const inserted = await tx.query(
        `INSERT INTO submissions (id, form_slug, clinic_id, kid, ciphertext, digest, received_at, received_by, receipt, retention_until)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10)
         ON CONFLICT (id) DO NOTHING RETURNING id`,
        [envelope.id, envelope.form, registered.clinic_id, envelope.kid, Buffer.from(decodeBase64url(envelope.ct)), digest, receivedAt, keyId, JSON.stringify(receipt), retentionUntil],
      );
      if (inserted.rowCount === 0) {
        // Another delivery of the same id won the race a moment ago.
        const raced = await this.stored(tx, envelope.id);
        if (!raced) throw new Error('submission vanished after a conflict');
        return this.repeat(req.meta, keyId, envelope, digest, raced, tx);
      }
      await this.deps.audit(
        tx,
        {
          event: AuditEvents.intakeAccepted,
          outcome: 'success',
          actorType: 'service',
          actorId: keyId,
          action: 'C',
          resourceType: 'submission',
          resourceId: envelope.id,
          clinicId: registered.clinic_id,
          detail: { form: envelope.form, kid: envelope.kid },
        },
        req.meta,
      );
      return { status: 201, receipt };
    });
  }

  private async parse(req: IntakeRequest, keyId: string): Promise<EnvelopeV1> {
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(req.body));
    } catch {
      await this.reject(req.meta, keyId, 'not-json');
      throw new ProblemError('schema', 'The body is not valid UTF-8 JSON.', 'not-json');
    }
    const parsed = EnvelopeV1Schema.safeParse(json);
    if (!parsed.success) {
      await this.reject(req.meta, keyId, 'schema');
      const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(root)'))].slice(0, 10);
      throw new ProblemError('schema', `The envelope does not match envelope v1 (check: ${fields.join(', ')}).`, 'schema');
    }
    return parsed.data;
  }

  private async checkSealed(meta: AuditMeta, keyId: string, envelope: EnvelopeV1): Promise<void> {
    let inner: string;
    try {
      // The plaintext is only checked here and then dropped; nothing of it is kept or logged.
      inner = (await this.deps.keys.openSealed(envelope.kid, decodeBase64url(envelope.ct))).form;
    } catch (err) {
      if (!(err instanceof SealError) && !(err instanceof KeyError)) throw err;
      await this.reject(meta, keyId, 'sealed-box', envelope);
      throw new ProblemError('unprocessable', 'The sealed box does not open with the named intake key, or its content is not a sealed payload.', 'sealed-box');
    }
    if (inner !== envelope.form) {
      await this.reject(meta, keyId, 'form-mismatch', envelope);
      throw new ProblemError('unprocessable', 'The sealed payload names another form than the envelope.', 'form-mismatch');
    }
  }

  private async stored(db: Db, id: string): Promise<Stored | undefined> {
    const { rows } = await db.query<Stored>(`SELECT digest, receipt FROM submissions WHERE id = $1`, [id]);
    return rows[0];
  }

  private async repeat(meta: AuditMeta, keyId: string, envelope: EnvelopeV1, digest: string, earlier: Stored, tx?: Db): Promise<IntakeOutcome> {
    if (earlier.digest !== digest) {
      await this.reject(meta, keyId, 'id-conflict', envelope, tx);
      throw new ProblemError('conflict', 'This submission id was already used for different content.', 'id-conflict');
    }
    const receipt = ReceiptSchema.parse(earlier.receipt);
    const write = (db: Db) =>
      this.deps.audit(
        db,
        { event: AuditEvents.intakeDuplicate, outcome: 'success', actorType: 'service', actorId: keyId, action: 'C', resourceType: 'submission', resourceId: envelope.id, detail: { form: envelope.form } },
        meta,
      );
    await (tx ? write(tx) : this.deps.db.transaction(write));
    return { status: 200, receipt };
  }

  private async reject(meta: AuditMeta, keyId: string | null, reason: string, envelope?: EnvelopeV1, tx?: Db): Promise<void> {
    const write = (db: Db) =>
      this.deps.audit(
        db,
        {
          event: AuditEvents.intakeRejected,
          outcome: 'failure',
          actorType: 'service',
          actorId: keyId,
          action: 'C',
          resourceType: 'submission',
          resourceId: envelope?.id,
          detail: envelope ? { reason, form: envelope.form } : { reason },
        },
        meta,
      );
    await (tx ? write(tx) : this.deps.db.transaction(write));
  }
}
