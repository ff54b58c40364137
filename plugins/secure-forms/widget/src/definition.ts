/** A published secure-form definition as the widget renders it (labels and rules, never answers). */
export type FieldType = 'text' | 'textarea' | 'email' | 'tel' | 'date' | 'select' | 'radio' | 'checkbox';

export interface FieldDefinition {
  key: string;
  label: string;
  type: FieldType;
  required: boolean;
  /** For select and radio. */
  options: string[];
  helpText: string | null;
}

export interface FormDefinition {
  slug: string;
  title: string;
  description: string | null;
  /** Sealed with the answers so the portal knows which wording the visitor saw. */
  formVersion: string;
  fields: FieldDefinition[];
}

const TYPES: readonly FieldType[] = ['text', 'textarea', 'email', 'tel', 'date', 'select', 'radio', 'checkbox'];
const KEY = /^[a-z][a-zA-Z0-9_]{0,63}$/;

export class DefinitionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DefinitionError';
  }
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

/** Reads one entry of the CMS content API (`/api/secure-forms?…&populate=fields`); throws DefinitionError when unusable. */
export function parseDefinition(entry: unknown): FormDefinition {
  if (typeof entry !== 'object' || entry === null) throw new DefinitionError('form definition missing');
  const e = entry as Record<string, unknown>;
  const slug = str(e.slug);
  const title = str(e.title);
  if (!slug || !title || !Array.isArray(e.fields)) throw new DefinitionError('form definition incomplete');
  const seen = new Set<string>();
  const fields = e.fields.map((raw: unknown): FieldDefinition => {
    const f = (raw ?? {}) as Record<string, unknown>;
    const key = str(f.key);
    const label = str(f.label);
    const type = f.type as FieldType;
    if (!key || !KEY.test(key) || seen.has(key) || !label || !TYPES.includes(type)) throw new DefinitionError('form field malformed');
    seen.add(key);
    const options = (str(f.options) ?? '')
      .split('\n')
      .map((o) => o.trim())
      .filter(Boolean);
    if ((type === 'select' || type === 'radio') && options.length === 0) throw new DefinitionError('choice field without options');
    return { key, label, type, required: f.required === true, options, helpText: str(f.helpText) };
  });
  const formVersion = (str(e.publishedAt) ?? str(e.updatedAt) ?? '1').slice(0, 64);
  return { slug, title, description: str(e.description), formVersion, fields };
}

/** The published definition of `slug` from the CMS's public content API. */
export async function fetchDefinition(cmsOrigin: string, slug: string, fetchImpl: typeof fetch = fetch): Promise<FormDefinition> {
  const url = `${cmsOrigin.replace(/\/+$/, '')}/api/secure-forms?filters[slug][$eq]=${encodeURIComponent(slug)}&populate=fields`;
  const res = await fetchImpl(url, { credentials: 'omit', headers: { accept: 'application/json' } });
  if (!res.ok) throw new DefinitionError(`form definition unavailable (${res.status})`);
  const body = (await res.json()) as { data?: unknown[] };
  const entry = Array.isArray(body.data) ? body.data[0] : undefined;
  if (!entry) throw new DefinitionError('form not found');
  return parseDefinition(entry);
}
