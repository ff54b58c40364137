import type { SealedOpener } from '../access/submission-repository';
import type { Db } from '../db/types';
import { toDate } from '../db/values';
import type { AuditPort, AuditRecord } from '../fhir/audit-port';
import { parseFormFields, type FormFieldDef } from '../access/form-definition';
import { deidentifyAnswers, planColumns, type ExportColumnPlan } from './deidentify';
import { createExportTokenizer } from './token';

export class ExportError extends Error {
  override readonly name = 'ExportError';
}

export interface StageRequest {
  exportId: string;
  form: string;
  from: Date;
  to: Date;
  allowFreeText: ReadonlySet<string>;
}

export interface StageDeps {
  /** portal_app: reads the form and the sealed rows of its clinic, writes staged rows. */
  app: Db;
  keys: SealedOpener;
  audit: AuditPort;
  actor: Pick<AuditRecord, 'actorType' | 'actorId'>;
  pageSize?: number;
}

export interface StagedExport {
  clinicId: string;
  fields: FormFieldDef[];
  plan: ExportColumnPlan;
  staged: number;
  skipped: number;
}

interface SealedRow {
  id: string;
  kid: string;
  ciphertext: Uint8Array;
  received_at: unknown;
  received_at_text: string;
}

async function loadForm(app: Db, slug: string): Promise<{ clinicId: string; fields: FormFieldDef[] }> {
  const res = await app.query<{ clinic_id: string; definition: unknown }>('SELECT clinic_id, definition FROM forms WHERE slug = $1', [slug]);
  const row = res.rows[0];
  if (!row) throw new ExportError(`There is no registered form "${slug}".`);
  return { clinicId: row.clinic_id, fields: parseFormFields(row.definition) };
}

function checkAllowlist(fields: readonly FormFieldDef[], allow: ReadonlySet<string>): void {
  const freeText = new Set(fields.filter((f) => f.type === 'text' || f.type === 'textarea').map((f) => f.key));
  const unknown = [...allow].filter((k) => !freeText.has(k));
  if (unknown.length) throw new ExportError(`--allow-free-text names fields that are not free-text fields of this form: ${unknown.join(', ')}`);
}

function monthStart(receivedAt: unknown): string {
  const d = toDate(receivedAt);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-01`;
}

/**
 * The only step that sees plaintext. It decrypts the form's submissions in the
 * window page by page (outside any transaction: the key service may need the
 * database too), reduces each to generalized values and stages them under a
 * per-export token. Plaintext lives in this function's locals only.
 *
 * The `submission.export` audit row is committed before the first decryption,
 * so a crash over-reports an export rather than hiding one.
 */
export async function stageDeidentified(deps: StageDeps, req: StageRequest): Promise<StagedExport> {
  if (!(req.from < req.to)) throw new ExportError('--from must be before --to.');
  const { clinicId, fields } = await loadForm(deps.app, req.form);
  checkAllowlist(fields, req.allowFreeText);
  const plan = planColumns(fields, req.allowFreeText);
  const token = createExportTokenizer();
  const pageSize = deps.pageSize ?? 200;

  await deps.app.transaction((tx) =>
    deps.audit(tx, {
      ...deps.actor,
      event: 'submission.export',
      outcome: 'success',
      action: 'E',
      resourceType: 'form',
      resourceId: req.form,
      clinicId,
      detail: { phase: 'staging', exportId: req.exportId, from: req.from.toISOString(), to: req.to.toISOString(), allowlisted: [...req.allowFreeText].sort() },
    }),
  );

  let staged = 0;
  let skipped = 0;
  let cursor: { at: string; id: string } | undefined;
  for (;;) {
    const page = await deps.app.transaction(
      (tx) =>
        tx.query<SealedRow>(
          `SELECT id, kid, ciphertext, received_at, received_at::text AS received_at_text FROM submissions
           WHERE form_slug = $1 AND clinic_id = $2 AND received_at >= $3 AND received_at < $4
             AND ($5::timestamptz IS NULL OR (received_at, id) > ($5::timestamptz, $6::uuid))
           ORDER BY received_at, id LIMIT $7`,
          [req.form, clinicId, req.from, req.to, cursor?.at ?? null, cursor?.id ?? null, pageSize],
        ),
      { clinicIds: [clinicId] },
    );
    if (page.rows.length === 0) break;
    const rows: [string, string, string][] = [];
    for (const row of page.rows) {
      const payload = await deps.keys.openSealed(row.kid, row.ciphertext);
      if (payload.form !== req.form) {
        skipped += 1;
        continue;
      }
      const submittedAt = new Date(payload.submittedAt);
      const at = Number.isNaN(submittedAt.getTime()) ? toDate(row.received_at) : submittedAt;
      rows.push([token(row.id), monthStart(row.received_at), JSON.stringify(deidentifyAnswers(plan, fields, payload.answers, at))]);
    }
    if (rows.length > 0) {
      await deps.app.transaction(async (tx) => {
        const values = rows.map((_, i) => `($1, $${i * 3 + 2}, $${rows.length * 3 + 2}, $${i * 3 + 3}::date, $${i * 3 + 4}::jsonb)`).join(', ');
        await tx.query(`INSERT INTO deid_export_rows (export_id, token, form_slug, received_month, answers) VALUES ${values}`, [req.exportId, ...rows.flat(), req.form]);
      });
      staged += rows.length;
    }
    const last = page.rows[page.rows.length - 1];
    if (!last || page.rows.length < pageSize) break;
    cursor = { at: last.received_at_text, id: last.id };
  }
  return { clinicId, fields, plan, staged, skipped };
}

/** Removes an export's staged rows, and any left behind by an export that crashed a day ago or more. */
export async function purgeStaged(app: Db, exportId: string): Promise<void> {
  await app.query(`DELETE FROM deid_export_rows WHERE export_id = $1 OR staged_at < now() - interval '1 day'`, [exportId]);
}
