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
  type Rejection,
  type RejectionReason,
} from '@palisade/protocol';
import type { TrustedCmsKey } from '@palisade/config';
import { AuditEvents } from '../../audit/events';
import type { AuditAppender, AuditMeta, AuditRowBuilder } from '../../audit/sink';
import { wakeAuditChainers } from '../../audit/writer';
import type { Clock } from '../../clock';
import type { Db } from '../../db/types';
import { ProblemError } from '../../http/problem';
import { KeyError, type KeyService } from '../../keys/intake-keys';
import { FormCache } from './form-cache';
import { RejectedProblem } from './rejected-problem';
import { ACCEPT_INTAKE, SPEND_NONCE } from './sql';

/** How long a nonce is remembered: the longest a signature can stay acceptable (protocol defaults). */
const MAX_AGE_SECONDS = 300;
const MAX_FUTURE_SKEW_SECONDS = 30;

export interface IntakeDeps {
  /** The ingest handle: the only database access of the intake listener. */
  db: Db;
  keys: KeyService;
  clock: Clock;
  audit: AuditAppender;
  /** The accepted path folds its audit row into its one statement. */
  auditRow: AuditRowBuilder;
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

/** What a transaction settled on: an answer, or a refusal to throw once its audit event is committed. */
type Settled = IntakeOutcome | { refused: ProblemError };

interface Stored {
  digest: string;
  receipt: unknown;
}

/** One verified request: who signed it and the nonce it spends. */
interface Caller {
  meta: AuditMeta;
  keyId: string;
  nonce: string;
  rememberUntil: Date;
}

/** Thrown inside a transaction when the nonce was already spent: rolls the unit back. */
class ReplayedNonce extends Error {}

/**
 * POST /internal/intake, start to finish. The order matters: authenticate the
 * caller before reading the body; answer a retry from what is stored before
 * refusing anything (so a retry still gets its receipt after a key is retired);
 * open the sealed box only to check it, then drop the plaintext.
 *
 * Every verified request spends its nonce in the unit that settles it: an
 * accepted intake is one statement (ACCEPT_INTAKE: nonce, submission and its
 * audit row; one round trip, one commit), anything else one transaction (a
 * duplicate's or a refusal's audit). A spent nonce writes nothing there and is
 * answered 401 replayed-nonce, audited in a transaction of its own.
 */
export class IntakeHandler {
  private readonly trusted: Map<string, KeyObject>;
  private readonly forms: FormCache;

  constructor(private readonly deps: IntakeDeps) {
    this.trusted = new Map(deps.cmsKeys.map((k) => [k.keyId, createPublicKey(k.publicKeyPem)]));
    this.forms = new FormCache(deps.db, deps.clock);
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
      await this.deps.db.transaction((tx) => this.auditRefusal(tx, req.meta, verified.keyId ?? null, verified.reason));
      throw new ProblemError('signature', 'The request signature was not accepted.', verified.reason);
    }
    const caller: Caller = {
      meta: req.meta,
      keyId: verified.keyId,
      nonce: verified.nonce,
      rememberUntil: new Date(Math.max(verified.expires, verified.created + MAX_AGE_SECONDS + MAX_FUTURE_SKEW_SECONDS) * 1000),
    };

    const envelope = await this.parse(caller, req.body);
    const digest = envelopeDigest(envelope);

    // A repeat of a stored envelope is not looked up here: on the happy path the
    // insert's conflict finds it, and every refusal below checks for it first.
    const usable = await this.deps.keys.usable(envelope.kid);
    if (!usable.ok) {
      const retired = usable.reason === 'retired';
      return this.refuseUnlessStored(caller, envelope, digest, async () =>
        new ProblemError('unprocessable', retired ? 'The intake key named by kid is retired.' : 'The intake key named by kid is unknown.', retired ? 'retired-kid' : 'unknown-kid'),
      );
    }
    const unsealed = await this.sealedFault(envelope);
    if (unsealed) return this.refuseUnlessStored(caller, envelope, digest, () => this.sealedProblem(envelope, digest, unsealed));

    const registered = await this.forms.get(envelope.form);
    if (!registered) {
      return this.refuseUnlessStored(caller, envelope, digest, async () => new ProblemError('unprocessable', 'The form is not registered with the portal.', 'unknown-form'));
    }

    const receivedAt = new Date(now.getTime());
    const receipt = await this.deps.keys.signReceipt({ id: envelope.id, digest, receivedAt: receivedAt.toISOString() });
    const retentionUntil = new Date(receivedAt.getTime() + registered.retentionDays * 86_400_000);

    const accepted = this.deps.auditRow(
      {
        event: AuditEvents.intakeAccepted,
        outcome: 'success',
        actorType: 'service',
        actorId: caller.keyId,
        action: 'C',
        resourceType: 'submission',
        resourceId: envelope.id,
        clinicId: registered.clinicId,
        detail: { form: envelope.form, kid: envelope.kid },
      },
      caller.meta,
    );
    // No explicit transaction: ACCEPT_INTAKE is one atomic statement.
    const { rows } = await this.deps.db.query<{ fresh: unknown; inserted: unknown }>(ACCEPT_INTAKE, [
      envelope.id, envelope.form, registered.clinicId, envelope.kid, Buffer.from(decodeBase64url(envelope.ct)), digest, receivedAt, caller.keyId, JSON.stringify(receipt), retentionUntil,
      caller.nonce, caller.rememberUntil,
      ...accepted,
    ]);
    if (Number(rows[0]?.inserted) === 1) {
      wakeAuditChainers();
      return { status: 201, receipt };
    }
    if (Number(rows[0]?.fresh) !== 1) return this.refuseReplay(caller);
    // The nonce is spent: another delivery of the same id won the race a moment
    // ago, or the kid was retired (by another process) since its cached row was read.
    return this.settle(
      caller,
      async (tx): Promise<Settled> => {
        const raced = await this.stored(tx, envelope.id);
        if (raced) return this.repeat(tx, caller, envelope, digest, raced);
        await this.auditRefusal(tx, caller.meta, caller.keyId, 'retired-kid', envelope);
        return { refused: new ProblemError('unprocessable', 'The intake key named by kid is retired.', 'retired-kid') };
      },
      { workSpendsNonce: true },
    );
  }

  private async parse(caller: Caller, body: Buffer): Promise<EnvelopeV1> {
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
    } catch {
      return this.refuse(caller, new ProblemError('schema', 'The body is not valid UTF-8 JSON.', 'not-json'));
    }
    const parsed = EnvelopeV1Schema.safeParse(json);
    if (!parsed.success) {
      const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(root)'))].slice(0, 10);
      return this.refuse(caller, new ProblemError('schema', `The envelope does not match envelope v1 (check: ${fields.join(', ')}).`, 'schema'));
    }
    return parsed.data;
  }

  /**
   * Opens the box with the named key only to check it; the plaintext is then
   * dropped, nothing of it is kept or logged. A fault is final (and earns a
   * signed rejection) only when no intake key the portal holds, current or
   * retired, opens the box whatever its kid label says; or when the opened
   * payload names another form than the envelope.
   */
  private async sealedFault(envelope: EnvelopeV1): Promise<{ reason: RejectionReason; final: boolean } | undefined> {
    const ct = decodeBase64url(envelope.ct);
    let inner: string;
    try {
      inner = (await this.deps.keys.openSealed(envelope.kid, ct)).form;
    } catch (err) {
      if (!(err instanceof SealError) && !(err instanceof KeyError)) throw err;
      // Final when no held key opens it (noise), or when the named key opens it and
      // the plaintext is still not an envelope-v1 payload: those bytes can never
      // become one (a new payload format comes with a new envelope version, which
      // the CMS refuses at its own intake). Not final when another held key opens it.
      const opener = await this.deps.keys.heldKeyThatOpens(ct);
      return { reason: 'sealed-box', final: opener === undefined || opener === envelope.kid };
    }
    return inner === envelope.form ? undefined : { reason: 'form-mismatch', final: true };
  }

  private async sealedProblem(envelope: EnvelopeV1, digest: string, fault: { reason: RejectionReason; final: boolean }): Promise<ProblemError> {
    const detail =
      fault.reason === 'form-mismatch'
        ? 'The sealed payload names another form than the envelope.'
        : 'The sealed box does not open with the named intake key, or its content is not a sealed payload.';
    if (!fault.final) return new ProblemError('unprocessable', detail, fault.reason);
    return new RejectedProblem(detail, await this.rejection(envelope, digest, fault.reason));
  }

  private rejection(envelope: EnvelopeV1, digest: string, reason: RejectionReason): Promise<Rejection> {
    return this.deps.keys.signRejection({ id: envelope.id, digest, reason, rejectedAt: this.deps.clock.now().toISOString() });
  }

  private async stored(db: Db, id: string): Promise<Stored | undefined> {
    const { rows } = await db.query<Stored>(`SELECT digest, receipt FROM submissions WHERE id = $1`, [id]);
    return rows[0];
  }

  /** A delivery of an id already stored: the stored receipt for the same content, 409 for other content. */
  private async repeat(tx: Db, caller: Caller, envelope: EnvelopeV1, digest: string, earlier: Stored): Promise<Settled> {
    if (earlier.digest !== digest) {
      await this.auditRefusal(tx, caller.meta, caller.keyId, 'id-conflict', envelope);
      return { refused: new ProblemError('conflict', 'This submission id was already used for different content.', 'id-conflict') };
    }
    const receipt = ReceiptSchema.parse(earlier.receipt);
    await this.deps.audit(
      tx,
      { event: AuditEvents.intakeDuplicate, outcome: 'success', actorType: 'service', actorId: caller.keyId, action: 'C', resourceType: 'submission', resourceId: envelope.id, detail: { form: envelope.form } },
      caller.meta,
    );
    return { status: 200, receipt };
  }

  /** A refusal, unless the id is already stored: then the stored answer (so a retry still gets its receipt after a key is retired). */
  private async refuseUnlessStored(caller: Caller, envelope: EnvelopeV1, digest: string, problem: () => Promise<ProblemError>): Promise<IntakeOutcome> {
    const earlier = await this.stored(this.deps.db, envelope.id);
    if (earlier) return this.settle(caller, (tx) => this.repeat(tx, caller, envelope, digest, earlier));
    return this.refuse(caller, await problem(), envelope);
  }

  /** Audits a refusal, spending the nonce in the same commit, then throws the problem (or 401 when the nonce was spent). */
  private async refuse(caller: Caller, problem: ProblemError, envelope?: EnvelopeV1): Promise<never> {
    await this.settle(caller, async (tx): Promise<Settled> => {
      await this.auditRefusal(tx, caller.meta, caller.keyId, problem.reason ?? problem.kind, envelope);
      return { refused: problem };
    });
    throw problem;
  }

  /**
   * Runs the request's one transaction: spend the nonce first, then `work`.
   * Resolves with the answer, throws the refusal `work` settled on (after its
   * audit event committed), or 401 replayed-nonce when the nonce was spent.
   * With workSpendsNonce, `work`'s first statement spends the nonce itself (the
   * accepted path folds it into the insert) and throws ReplayedNonce.
   */
  private async settle(caller: Caller, work: (tx: Db) => Promise<Settled>, opts: { workSpendsNonce?: boolean } = {}): Promise<IntakeOutcome> {
    let settled: Settled;
    try {
      settled = await this.deps.db.transaction(async (tx) => {
        if (!opts.workSpendsNonce) {
          const fresh = await tx.query(SPEND_NONCE, [caller.keyId, caller.nonce, caller.rememberUntil]);
          if (fresh.rowCount === 0) throw new ReplayedNonce();
        }
        return work(tx);
      });
    } catch (err) {
      if (!(err instanceof ReplayedNonce)) throw err;
      return this.refuseReplay(caller);
    }
    if ('refused' in settled) throw settled.refused;
    return settled;
  }

  /** 401 for a spent nonce; the refusal's audit is its own transaction, so it outlives any rollback. */
  private async refuseReplay(caller: Caller): Promise<never> {
    await this.deps.db.transaction((tx) => this.auditRefusal(tx, caller.meta, caller.keyId, 'replayed-nonce'));
    throw new ProblemError('signature', 'The request signature was already used.', 'replayed-nonce');
  }

  private async auditRefusal(tx: Db, meta: AuditMeta, keyId: string | null, reason: string, envelope?: EnvelopeV1): Promise<void> {
    await this.deps.audit(
      tx,
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
  }
}
