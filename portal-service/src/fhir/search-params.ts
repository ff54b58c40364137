import { FhirError } from './operation-outcome';

/**
 * FHIR date search parameters (`authored=ge2026-03-01`, `_lastUpdated=lt2026-04`)
 * reduced to one half-open interval [from, to). A value stands for the whole
 * period of its precision: `2026-03` is the month of March.
 */
export interface Interval {
  from?: Date;
  to?: Date;
}

const VALUE = /^(eq|ge|gt|le|lt)?(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?)?)?$/;

function period(m: RegExpExecArray): { start: Date; end: Date } | undefined {
  const [, , y, mo, d, h, mi, s, frac, tz] = m;
  const year = Number(y);
  if (mo === undefined) return { start: new Date(Date.UTC(year, 0, 1)), end: new Date(Date.UTC(year + 1, 0, 1)) };
  const month = Number(mo);
  if (month < 1 || month > 12) return undefined;
  if (d === undefined) return { start: new Date(Date.UTC(year, month - 1, 1)), end: new Date(Date.UTC(year, month, 1)) };
  const day = Number(d);
  const start = new Date(Date.UTC(year, month - 1, day));
  if (start.getUTCMonth() !== month - 1) return undefined;
  if (h === undefined) return { start, end: new Date(Date.UTC(year, month - 1, day + 1)) };
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}${frac ?? ''}${tz}`;
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return undefined;
  const step = s === undefined ? 60_000 : frac === undefined ? 1000 : 1;
  return { start: at, end: new Date(at.getTime() + step) };
}

function later(a: Date | undefined, b: Date): Date {
  return a && a > b ? a : b;
}
function earlier(a: Date | undefined, b: Date): Date {
  return a && a < b ? a : b;
}

export function parseDateParam(name: string, values: string | readonly string[] | undefined): Interval {
  const list = values === undefined ? [] : typeof values === 'string' ? [values] : values;
  const out: Interval = {};
  for (const raw of list) {
    const m = VALUE.exec(raw);
    const p = m ? period(m) : undefined;
    if (!m || !p) throw new FhirError(400, 'invalid', `${name} must be a FHIR date or dateTime with an optional eq, ge, gt, le or lt prefix.`);
    const prefix = m[1] ?? 'eq';
    if (prefix === 'ge' || prefix === 'eq') out.from = later(out.from, p.start);
    if (prefix === 'gt') out.from = later(out.from, p.end);
    if (prefix === 'lt') out.to = earlier(out.to, p.start);
    if (prefix === 'le' || prefix === 'eq') out.to = earlier(out.to, p.end);
  }
  return out;
}

export function within(interval: Interval, at: Date): boolean {
  return (!interval.from || at >= interval.from) && (!interval.to || at < interval.to);
}

/**
 * The `questionnaire` search value as a form slug: our canonical URL (with or
 * without `|version`), `Questionnaire/<slug>`, or the bare slug.
 */
export function questionnaireRef(raw: string, publicUrl: string): { slug: string; version?: string } | undefined {
  const [ref = '', version] = raw.split('|', 2);
  const base = `${publicUrl.replace(/\/+$/, '')}/fhir/Questionnaire/`;
  const slug = ref.startsWith(base) ? ref.slice(base.length) : ref.startsWith('Questionnaire/') ? ref.slice('Questionnaire/'.length) : ref;
  if (!/^[a-z0-9][a-z0-9-]{0,127}$/.test(slug)) return undefined;
  return { slug, ...(version ? { version } : {}) };
}
