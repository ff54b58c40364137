import type { AnswerValue } from '../access/masking';
import type { FormFieldDef } from '../access/form-definition';

/**
 * Row-level de-identification rules for analytics exports. A column exists only
 * when a rule says it may; everything else is dropped. Applied before anything
 * is written where the analytics role can read it.
 */

export const AGE_TOP_BUCKET = '90+';
const FREE_TEXT_TYPES = new Set(['text', 'textarea']);
const CONTACT_TYPES = new Set(['email', 'tel']);
const AGE_NAME = /(^|[^a-z])age($|[^a-z])/i;
const BIRTH_NAME = /birth|dob/i;

export type ColumnKind = 'month' | 'age' | 'category' | 'flag' | 'free-text';

export interface ExportColumn {
  /** Column name in the export: the field key, or `<key>_age` for an age derived from a birth date. */
  name: string;
  key: string;
  kind: ColumnKind;
  /** Quasi-identifiers define the groups that must hold at least k records; free text does not. */
  quasiIdentifier: boolean;
}

export type ExportColumnPlan = { columns: ExportColumn[]; dropped: { key: string; reason: DropReason }[] };
export type DropReason = 'identity' | 'contact' | 'free-text';

function isAgeField(field: FormFieldDef): boolean {
  return AGE_NAME.test(field.key.replace(/([a-z])([A-Z])/g, '$1_$2')) || /^age\b/i.test(field.label);
}

function isBirthDate(field: FormFieldDef): boolean {
  return field.type === 'date' && (BIRTH_NAME.test(field.key) || BIRTH_NAME.test(field.label));
}

/**
 * Decides, from the form definition alone, which fields may leave and how.
 * Identity and contact tags (and email/tel types, tagged or not) always drop;
 * the free-text allowlist cannot bring them back.
 */
export function planColumns(fields: readonly FormFieldDef[], allowFreeText: ReadonlySet<string>): ExportColumnPlan {
  const columns: ExportColumn[] = [];
  const dropped: ExportColumnPlan['dropped'] = [];
  for (const field of fields) {
    if (field.sensitivity.includes('identity')) dropped.push({ key: field.key, reason: 'identity' });
    else if (field.sensitivity.includes('contact') || CONTACT_TYPES.has(field.type)) dropped.push({ key: field.key, reason: 'contact' });
    else if (isBirthDate(field)) columns.push({ name: `${field.key}_age`, key: field.key, kind: 'age', quasiIdentifier: true });
    else if (field.type === 'date') columns.push({ name: field.key, key: field.key, kind: 'month', quasiIdentifier: true });
    else if (isAgeField(field) && FREE_TEXT_TYPES.has(field.type)) columns.push({ name: field.key, key: field.key, kind: 'age', quasiIdentifier: true });
    else if (FREE_TEXT_TYPES.has(field.type)) {
      if (allowFreeText.has(field.key)) columns.push({ name: field.key, key: field.key, kind: 'free-text', quasiIdentifier: false });
      else dropped.push({ key: field.key, reason: 'free-text' });
    } else if (field.type === 'checkbox' && field.options.length === 0) columns.push({ name: field.key, key: field.key, kind: 'flag', quasiIdentifier: true });
    else columns.push({ name: field.key, key: field.key, kind: 'category', quasiIdentifier: true });
  }
  return { columns, dropped };
}

function firstString(value: AnswerValue | undefined): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (Array.isArray(value)) return value.find((v) => typeof v === 'string' && v.trim())?.trim();
  return undefined;
}

const DATE = /^(\d{4})-(\d{2})(?:-(\d{2}))?/;

export function generalizeToMonth(value: string): string | undefined {
  const m = DATE.exec(value.trim());
  if (!m) return undefined;
  const month = Number(m[2]);
  return month >= 1 && month <= 12 ? `${m[1]}-${m[2]}` : undefined;
}

export function ageBucket(age: number): string | undefined {
  if (!Number.isInteger(age) || age < 0 || age > 150) return undefined;
  return age > 89 ? AGE_TOP_BUCKET : String(age);
}

/** Whole years between a birth date and the day the form was submitted. */
export function ageAt(birthDate: string, at: Date): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate.trim());
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const birth = new Date(Date.UTC(y, mo - 1, d));
  if (birth.getUTCMonth() !== mo - 1 || birth.getUTCDate() !== d || birth > at) return undefined;
  let age = at.getUTCFullYear() - y;
  if (at.getUTCMonth() < mo - 1 || (at.getUTCMonth() === mo - 1 && at.getUTCDate() < d)) age -= 1;
  return age;
}

function category(field: FormFieldDef, value: AnswerValue | undefined): string | undefined {
  // Only the form's own options leave: a value typed around the widget could be anything.
  const allowed = new Set(field.options);
  const list = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string' && allowed.has(v.trim())).map((v) => v.trim());
  return list.length > 0 ? [...new Set(list)].sort().join(';') : undefined;
}

function flag(value: AnswerValue | undefined): string | undefined {
  if (typeof value === 'boolean') return String(value);
  const word = firstString(value)?.toLowerCase();
  if (word === undefined) return undefined;
  if (['true', 'on', 'yes', '1'].includes(word)) return 'true';
  if (['false', 'off', 'no', '0'].includes(word)) return 'false';
  return undefined;
}

/** One submission's answers reduced to the planned columns; a value that fits no rule is left empty. */
export function deidentifyAnswers(
  plan: ExportColumnPlan,
  fields: readonly FormFieldDef[],
  answers: Readonly<Record<string, AnswerValue>>,
  submittedAt: Date,
): Record<string, string> {
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const out: Record<string, string> = {};
  for (const column of plan.columns) {
    const field = byKey.get(column.key);
    const raw = answers[column.key];
    if (!field || raw === undefined) continue;
    let value: string | undefined;
    switch (column.kind) {
      case 'month':
        value = generalizeToMonth(firstString(raw) ?? '');
        break;
      case 'age': {
        const text = firstString(raw) ?? '';
        const age = field.type === 'date' ? ageAt(text, submittedAt) : /^\d{1,3}$/.test(text) ? Number(text) : undefined;
        value = age === undefined ? undefined : ageBucket(age);
        break;
      }
      case 'category':
        value = category(field, raw);
        break;
      case 'flag':
        value = flag(raw);
        break;
      case 'free-text':
        value = firstString(raw);
        break;
    }
    if (value !== undefined) out[column.name] = value;
  }
  return out;
}
