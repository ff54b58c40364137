/**
 * The shape of cms/config/classification.ts, read through
 * `strapi.config.get('classification')`. Parsed by hand (not trusted) because a
 * typo there must become a clear violation, never a silently weaker guard.
 */
export interface ContentTypeClassification {
  classification: string;
  publicActions?: string[];
}

export interface ClassificationException {
  /** `<content type or component uid>.<attribute>`, e.g. `api::provider.provider.acceptingNewPatients`. */
  target: string;
  owner: string;
  reason: string;
  /** ISO date (YYYY-MM-DD) or date-time; the exception stops counting after it. */
  expires: string;
}

export interface SecureFormsClassification {
  contentType: string;
  fieldsAttribute: string;
  tagAttribute: string;
  /** The sensitivity tags a form field may carry, with what each means. */
  tags: Record<string, string>;
  /** Tags for stored fields that carry none themselves: form slug → field key → tag. */
  fieldTags: Record<string, Record<string, string>>;
}

export interface Classification {
  contentTypes: Record<string, ContentTypeClassification>;
  secureForms?: SecureFormsClassification;
  exceptions: ClassificationException[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads the classification config; a missing or broken file yields an empty declaration (so every type is a violation). */
export function readClassification(raw: unknown): Classification {
  const source = isRecord(raw) ? raw : {};
  const contentTypes: Record<string, ContentTypeClassification> = {};
  if (isRecord(source.contentTypes)) {
    for (const [uid, entry] of Object.entries(source.contentTypes)) {
      if (isRecord(entry) && typeof entry.classification === 'string') {
        contentTypes[uid] = {
          classification: entry.classification,
          publicActions: Array.isArray(entry.publicActions) ? entry.publicActions.filter((a): a is string => typeof a === 'string') : undefined,
        };
      }
    }
  }
  const exceptions: ClassificationException[] = Array.isArray(source.exceptions)
    ? source.exceptions.map((e: unknown) => {
        const r = isRecord(e) ? e : {};
        const str = (k: string) => (typeof r[k] === 'string' ? (r[k] as string) : '');
        return { target: str('target'), owner: str('owner'), reason: str('reason'), expires: str('expires') };
      })
    : [];
  return { contentTypes, exceptions, secureForms: readSecureForms(source.secureForms) };
}

function readSecureForms(raw: unknown): SecureFormsClassification | undefined {
  if (!isRecord(raw) || typeof raw.contentType !== 'string') return undefined;
  const tags: Record<string, string> = {};
  if (isRecord(raw.tags)) for (const [k, v] of Object.entries(raw.tags)) tags[k] = String(v);
  const fieldTags: Record<string, Record<string, string>> = {};
  if (isRecord(raw.fieldTags)) {
    for (const [slug, fields] of Object.entries(raw.fieldTags)) {
      if (isRecord(fields)) fieldTags[slug] = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, String(v)]));
    }
  }
  return {
    contentType: raw.contentType,
    fieldsAttribute: typeof raw.fieldsAttribute === 'string' ? raw.fieldsAttribute : 'fields',
    tagAttribute: typeof raw.tagAttribute === 'string' ? raw.tagAttribute : 'sensitivity',
    tags,
    fieldTags,
  };
}

/** End of the day an exception names, so "expires: 2026-06-30" still holds on that day. */
export function exceptionEnd(expires: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}/.test(expires)) return undefined;
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(expires) ? `${expires}T23:59:59.999Z` : expires);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
