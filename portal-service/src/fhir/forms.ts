import type { Db } from '../db/types';
import { toDate } from '../db/values';
import { parseFormFields, type FormFieldDef } from '../access/form-definition';

export interface FormRecord {
  slug: string;
  clinicId: string;
  title: string;
  fields: FormFieldDef[];
  createdAt: Date;
}

interface FormRow {
  slug: string;
  clinic_id: string;
  title: string;
  definition: unknown;
  created_at: unknown;
}

function fromRow(r: FormRow): FormRecord {
  return { slug: r.slug, clinicId: r.clinic_id, title: r.title, fields: parseFormFields(r.definition), createdAt: toDate(r.created_at) };
}

/**
 * Registered forms (labels and types, never answers), limited to `clinics`
 * unless it is undefined. A form of another clinic is simply not found.
 */
export async function findForms(db: Db, opts: { clinics: readonly string[] | undefined; slug?: string }): Promise<FormRecord[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (opts.clinics !== undefined) {
    params.push([...opts.clinics]);
    where.push(`clinic_id = ANY($${params.length}::uuid[])`);
  }
  if (opts.slug !== undefined) {
    params.push(opts.slug);
    where.push(`slug = $${params.length}`);
  }
  const res = await db.query<FormRow>(`SELECT slug, clinic_id, title, definition, created_at FROM forms ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY slug`, params);
  return res.rows.map(fromRow);
}
