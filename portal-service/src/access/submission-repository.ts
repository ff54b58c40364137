import type { Db } from '../db/types';
import { toDate, toNumber } from '../db/values';
import type { AuditSink, RequestMeta } from './audit-port';
import { decodeCursor, encodeCursor } from './cursor';
import { parseFormFields } from './form-definition';
import { badRequest, forbidden, notFound } from './http-errors';
import { presentAnswers, type AnswerValue, type PresentedField } from './masking';
import type { AccessPolicy } from './policy';

export type SubmissionStatus = 'new' | 'in-review' | 'done';

export interface SealedPayload {
  form: string;
  formVersion: string;
  answers: Record<string, AnswerValue>;
  submittedAt: string;
}

/** The platform's key service, reduced to what a view needs. */
export interface SealedOpener {
  openSealed(kid: string, ciphertext: Uint8Array): Promise<SealedPayload>;
}

export interface SubmissionSummary {
  id: string;
  form: string;
  clinicId: string;
  receivedAt: string;
  status: SubmissionStatus;
  assigneeId: string | null;
  unread: boolean;
}

export interface SubmissionView extends Omit<SubmissionSummary, 'unread'> {
  formTitle: string;
  formVersion: string;
  submittedAt: string;
  fields: PresentedField[];
}

export interface ListFilter {
  status?: SubmissionStatus;
  form?: string;
  clinicId?: string;
  from?: Date;
  to?: Date;
  cursor?: string;
  limit: number;
}

interface Deps {
  db: Db;
  audit: AuditSink;
  keys: SealedOpener;
}

interface SummaryRow {
  id: string;
  form_slug: string;
  clinic_id: string;
  received_at: unknown;
  received_at_text: string;
  status: SubmissionStatus;
  assignee_id: string | null;
  unread: boolean;
}

const SERVICE_SAFE_FILTERS = ['status', 'form', 'clinicId', 'from', 'to', 'cursor'] as const;

/**
 * The only way the staff API reaches submissions. Each method applies the
 * session's compiled policy itself: the clinic filter is part of every query
 * and the same clinics are set for row-level security, so a handler cannot
 * forget either wall. Every call writes its audit row in its own transaction.
 */
export class SubmissionRepository {
  constructor(
    private readonly deps: Deps,
    private readonly policy: AccessPolicy,
    private readonly meta: RequestMeta,
  ) {}

  private get staffId(): string {
    return this.policy.principal.staffId;
  }

  private clinics(action: 'submission:list' | 'submission:read' | 'submission:update'): readonly string[] {
    const clinics = this.policy.clinicsFor(action);
    if (clinics.length === 0) throw forbidden();
    return clinics;
  }

  async list(filter: ListFilter): Promise<{ items: SubmissionSummary[]; nextCursor: string | null }> {
    const allowed = this.clinics('submission:list');
    const cursor = filter.cursor === undefined ? undefined : decodeCursor(filter.cursor);
    if (filter.cursor !== undefined && !cursor) throw badRequest('The cursor is not valid; start again from the first page.');
    // Asking for a clinic outside the policy narrows to nothing rather than erroring.
    const clinics = filter.clinicId ? allowed.filter((c) => c === filter.clinicId) : allowed;
    const where = ['s.clinic_id = c.id'];
    const params: unknown[] = [clinics, this.staffId];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.status) add('s.status = ?', filter.status);
    if (filter.form) add('s.form_slug = ?', filter.form);
    if (filter.from) add('s.received_at >= ?', filter.from);
    if (filter.to) add('s.received_at < ?', filter.to);
    if (cursor) {
      params.push(cursor.receivedAt, cursor.id);
      where.push(`(s.received_at, s.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(filter.limit + 1);
    const limit = `$${params.length}`;
    // One index range scan per allowed clinic (submissions_inbox), merged: an
    // "= ANY(array)" filter would make PostgreSQL read and sort the whole clinic.
    // The read marker is probed per listed row (a LATERAL with LIMIT cannot
    // become a hash join): a plain LEFT JOIN let the planner hash every marker
    // this person ever left, each passing the row-level-security check, so the
    // first page got slower with every submission they had opened (bench row 4).
    const sql = `SELECT s.id, s.form_slug, s.clinic_id, s.received_at, s.received_at::text AS received_at_text, s.status, s.assignee_id,
                        (r.seen IS NULL) AS unread
                 FROM unnest($1::uuid[]) AS c(id)
                 CROSS JOIN LATERAL (
                   SELECT s.id, s.form_slug, s.clinic_id, s.received_at, s.status, s.assignee_id
                   FROM submissions s
                   WHERE ${where.join(' AND ')}
                   ORDER BY s.received_at DESC, s.id DESC
                   LIMIT ${limit}
                 ) s
                 LEFT JOIN LATERAL (
                   SELECT true AS seen FROM submission_reads r WHERE r.submission_id = s.id AND r.staff_id = $2 LIMIT 1
                 ) r ON true
                 ORDER BY s.received_at DESC, s.id DESC
                 LIMIT ${limit}`;
    return this.deps.db.transaction(
      async (tx) => {
        const res = await tx.query<SummaryRow>(sql, params);
        const rows = res.rows.slice(0, filter.limit);
        const last = rows[rows.length - 1];
        const nextCursor = res.rows.length > filter.limit && last ? encodeCursor({ receivedAt: last.received_at_text, id: last.id }) : null;
        await this.deps.audit(
          tx,
          {
            event: 'submission.list',
            outcome: 'success',
            actorType: 'staff',
            actorId: this.staffId,
            action: 'R',
            resourceType: 'submission',
            clinicId: filter.clinicId ?? (allowed.length === 1 ? allowed[0] : null),
            detail: { count: rows.length, filters: SERVICE_SAFE_FILTERS.filter((k) => filter[k] !== undefined) },
          },
          this.meta,
        );
        return {
          items: rows.map((r) => ({
            id: r.id,
            form: r.form_slug,
            clinicId: r.clinic_id,
            receivedAt: toDate(r.received_at).toISOString(),
            status: r.status,
            assigneeId: r.assignee_id,
            unread: r.unread,
          })),
          nextCursor,
        };
      },
      { clinicIds: allowed },
    );
  }

  /** Inbox counters per listable clinic (new, and not yet opened by me); counts only, audited like a list. */
  async counts(): Promise<{ clinicId: string; newCount: number; unreadCount: number }[]> {
    const allowed = this.clinics('submission:list');
    return this.deps.db.transaction(
      async (tx) => {
        const res = await tx.query<{ clinic_id: string; new_count: unknown; unread_count: unknown }>(
          `SELECT c.id AS clinic_id,
                  count(s.id) FILTER (WHERE s.status = 'new') AS new_count,
                  count(s.id) FILTER (WHERE r.staff_id IS NULL AND s.id IS NOT NULL) AS unread_count
           FROM unnest($1::uuid[]) AS c(id)
           LEFT JOIN submissions s ON s.clinic_id = c.id
           LEFT JOIN submission_reads r ON r.submission_id = s.id AND r.staff_id = $2
           GROUP BY c.id ORDER BY c.id`,
          [allowed, this.staffId],
        );
        await this.deps.audit(
          tx,
          { event: 'submission.list', outcome: 'success', actorType: 'staff', actorId: this.staffId, action: 'R', resourceType: 'submission', clinicId: allowed.length === 1 ? allowed[0] : null, detail: { view: 'counts', clinics: allowed.length } },
          this.meta,
        );
        return res.rows.map((r) => ({ clinicId: r.clinic_id, newCount: toNumber(r.new_count), unreadCount: toNumber(r.unread_count) }));
      },
      { clinicIds: allowed },
    );
  }

  /**
   * The audit row and the read marker are committed before anything is
   * decrypted: if decryption fails the log over-reports a read, never misses one.
   * Another clinic's submission is indistinguishable from a missing one (404).
   */
  async read(id: string): Promise<SubmissionView> {
    const allowed = this.clinics('submission:read');
    const found = await this.deps.db.transaction(
      async (tx) => {
        // The read marker is written by the same statement that finds the row: one round trip fewer per view.
        const res = await tx.query<SummaryRow & { kid: string; ciphertext: Uint8Array; definition: unknown; title: string }>(
          `WITH found AS (
             SELECT s.id, s.form_slug, s.clinic_id, s.received_at, s.received_at::text AS received_at_text, s.status, s.assignee_id, false AS unread,
                    s.kid, s.ciphertext, f.definition, f.title
             FROM submissions s JOIN forms f ON f.slug = s.form_slug
             WHERE s.id = $1 AND s.clinic_id = ANY($2::uuid[])
           ), marked AS (
             INSERT INTO submission_reads (submission_id, staff_id, first_read_at)
             SELECT id, $3, now() FROM found ON CONFLICT DO NOTHING
           )
           SELECT * FROM found`,
          [id, allowed, this.staffId],
        );
        const row = res.rows[0];
        await this.deps.audit(
          tx,
          {
            event: 'submission.read',
            outcome: row ? 'success' : 'failure',
            actorType: 'staff',
            actorId: this.staffId,
            action: 'R',
            resourceType: 'submission',
            resourceId: id,
            clinicId: row?.clinic_id ?? null,
            detail: row ? { scope: this.policy.answerScope(row.clinic_id) } : { reason: 'not-found' },
          },
          this.meta,
        );
        return row;
      },
      { clinicIds: allowed },
    );
    if (!found) throw notFound('No such submission.');
    const payload = await this.deps.keys.openSealed(found.kid, found.ciphertext);
    return {
      id: found.id,
      form: found.form_slug,
      formTitle: found.title,
      clinicId: found.clinic_id,
      receivedAt: toDate(found.received_at).toISOString(),
      status: found.status,
      assigneeId: found.assignee_id,
      formVersion: payload.formVersion,
      submittedAt: payload.submittedAt,
      fields: presentAnswers({ policy: this.policy, clinicId: found.clinic_id, definition: parseFormFields(found.definition), answers: payload.answers }),
    };
  }

  async update(id: string, patch: { status?: SubmissionStatus; assigneeId?: string | null }): Promise<Omit<SubmissionSummary, 'unread'>> {
    const allowed = this.clinics('submission:update');
    const outcome = await this.deps.db.transaction(
      async (tx) => {
        const res = await tx.query<SummaryRow>(
          `SELECT s.id, s.form_slug, s.clinic_id, s.received_at, s.received_at::text AS received_at_text, s.status, s.assignee_id, false AS unread
           FROM submissions s WHERE s.id = $1 AND s.clinic_id = ANY($2::uuid[]) FOR UPDATE`,
          [id, allowed],
        );
        const row = res.rows[0];
        if (!row) {
          await this.deps.audit(tx, { event: 'submission.update', outcome: 'failure', actorType: 'staff', actorId: this.staffId, action: 'U', resourceType: 'submission', resourceId: id, detail: { reason: 'not-found' } }, this.meta);
          return { ok: false as const, error: notFound('No such submission.') };
        }
        if (patch.assigneeId) {
          const ok = await tx.query(
            `SELECT 1 FROM staff s JOIN staff_roles r ON r.staff_id = s.id
             WHERE s.id = $1 AND s.active AND r.clinic_id = $2 AND r.role IN ('clinician', 'front-desk') LIMIT 1`,
            [patch.assigneeId, row.clinic_id],
          );
          if (ok.rowCount === 0) return { ok: false as const, error: badRequest('The assignee must be active staff of the submission\'s clinic.') };
        }
        const status = patch.status ?? row.status;
        const assignee = patch.assigneeId === undefined ? row.assignee_id : patch.assigneeId;
        await tx.query(`UPDATE submissions SET status = $2, assignee_id = $3 WHERE id = $1`, [id, status, assignee]);
        const fields = (['status', 'assigneeId'] as const).filter((k) => patch[k] !== undefined);
        await this.deps.audit(
          tx,
          { event: 'submission.update', outcome: 'success', actorType: 'staff', actorId: this.staffId, action: 'U', resourceType: 'submission', resourceId: id, clinicId: row.clinic_id, detail: { fields, status } },
          this.meta,
        );
        return {
          ok: true as const,
          value: { id, form: row.form_slug, clinicId: row.clinic_id, receivedAt: toDate(row.received_at).toISOString(), status, assigneeId: assignee },
        };
      },
      { clinicIds: allowed },
    );
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }
}
