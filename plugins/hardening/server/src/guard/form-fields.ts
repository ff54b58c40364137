import type { Classification } from './classification';
import type { Violation } from './violations';

export interface StoredForm {
  slug: string;
  fields: Array<Record<string, unknown>>;
}

/**
 * Each field of a secure form needs a sensitivity tag (its own, or one the
 * classification file gives it) so the portal knows how to protect the answer.
 * Drafts count too: Strapi skips required-field checks on drafts.
 */
export function formFieldViolations(forms: StoredForm[], classification: Classification): Violation[] {
  const sf = classification.secureForms;
  if (!sf) return [];
  const allowed = new Set(Object.keys(sf.tags));
  const out: Violation[] = [];
  for (const form of forms) {
    for (const field of form.fields) {
      const key = typeof field.key === 'string' && field.key ? field.key : '(no key)';
      const own = field[sf.tagAttribute];
      const tag = typeof own === 'string' && own ? own : sf.fieldTags[form.slug]?.[key];
      if (tag && allowed.has(tag)) continue;
      out.push({
        rule: 'untagged-field',
        target: `${form.slug}.${key}`,
        message: tag
          ? `Secure form "${form.slug}": field "${key}" has the unknown sensitivity tag "${tag}" (allowed: ${[...allowed].join(', ')}).`
          : `Secure form "${form.slug}": field "${key}" has no sensitivity tag; choose one of ${[...allowed].join(', ')}.`,
      });
    }
  }
  return out;
}
