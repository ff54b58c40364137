import { exceptionEnd, type Classification, type ClassificationException } from './classification';
import { sensitiveWordIn } from './sensitive-names';

export type ViolationRule =
  | 'undeclared-type'
  | 'not-public'
  | 'sensitive-name'
  | 'expired-exception'
  | 'malformed-exception'
  | 'missing-tag-attribute'
  | 'untagged-field';

export interface Violation {
  rule: ViolationRule;
  /** What is wrong: a uid, `uid.attribute`, or `form slug.field key`. */
  target: string;
  message: string;
}

export interface AttributeShape {
  type: string;
  component?: string;
  enum?: string[];
}

/** Content types and components as the guard sees them: names and attribute shapes only. */
export interface SchemaSnapshot {
  contentTypes: Array<{ uid: string; attributes: Record<string, AttributeShape> }>;
  components: Array<{ uid: string; attributes: Record<string, AttributeShape> }>;
}

const CLASSIFICATION_FILE = 'cms/config/classification.ts';

/** Only application content types are the CMS's own data; admin and plugin internals are not. */
export const isApplicationType = (uid: string) => uid.startsWith('api::');

function exceptionsByTarget(exceptions: ClassificationException[], now: Date, out: Violation[]): Map<string, ClassificationException> {
  const valid = new Map<string, ClassificationException>();
  exceptions.forEach((e, i) => {
    const end = exceptionEnd(e.expires);
    if (!e.target || !e.owner.trim() || !e.reason.trim() || !end) {
      out.push({
        rule: 'malformed-exception',
        target: e.target || `exceptions[${i}]`,
        message: `Exception ${e.target ? `for ${e.target}` : `#${i + 1}`} in ${CLASSIFICATION_FILE} needs a target, an owner, a reason and an expiry date (YYYY-MM-DD).`,
      });
      return;
    }
    if (end.getTime() < now.getTime()) {
      out.push({
        rule: 'expired-exception',
        target: e.target,
        message: `The exception for ${e.target} (owner: ${e.owner}) expired on ${e.expires}; review it and renew or remove it in ${CLASSIFICATION_FILE}.`,
      });
      return;
    }
    valid.set(e.target, e);
  });
  return valid;
}

/** Every way the schema breaks the classification, named so an editor can act on it. */
export function schemaViolations(snapshot: SchemaSnapshot, classification: Classification, now: Date): Violation[] {
  const out: Violation[] = [];
  const exceptions = exceptionsByTarget(classification.exceptions, now, out);

  for (const ct of snapshot.contentTypes.filter((c) => isApplicationType(c.uid))) {
    const declared = classification.contentTypes[ct.uid];
    if (!declared) {
      out.push({
        rule: 'undeclared-type',
        target: ct.uid,
        message: `Content type ${ct.uid} is not declared in ${CLASSIFICATION_FILE}. The CMS holds public content only: declare it public there first (health data belongs in the portal).`,
      });
    } else if (declared.classification !== 'public') {
      out.push({
        rule: 'not-public',
        target: ct.uid,
        message: `Content type ${ct.uid} is classified "${declared.classification}" in ${CLASSIFICATION_FILE}; the CMS may only hold public content.`,
      });
    }
  }

  const models = [...snapshot.contentTypes.filter((c) => isApplicationType(c.uid)), ...snapshot.components];
  for (const model of models) {
    for (const name of Object.keys(model.attributes)) {
      const word = sensitiveWordIn(name);
      if (!word) continue;
      const target = `${model.uid}.${name}`;
      if (exceptions.has(target)) continue;
      if (out.some((v) => v.rule === 'expired-exception' && v.target === target)) continue;
      out.push({
        rule: 'sensitive-name',
        target,
        message: `${model.uid}: field "${name}" looks like health or identity data (word "${word}"). Collect it through a secure form so it reaches the portal sealed, or add an exception with owner, reason and expiry in ${CLASSIFICATION_FILE}.`,
      });
    }
  }

  out.push(...tagAttributeViolations(snapshot, classification));
  return out;
}

/** The secure-form field component must keep its sensitivity tag attribute, or no field could carry one. */
function tagAttributeViolations(snapshot: SchemaSnapshot, classification: Classification): Violation[] {
  const sf = classification.secureForms;
  if (!sf) return [];
  const form = snapshot.contentTypes.find((c) => c.uid === sf.contentType);
  if (!form) return [];
  const fieldsAttr = form.attributes[sf.fieldsAttribute];
  const componentUid = fieldsAttr?.component;
  const component = componentUid ? snapshot.components.find((c) => c.uid === componentUid) : undefined;
  const tag = component?.attributes[sf.tagAttribute];
  const allowed = Object.keys(sf.tags);
  const missing = allowed.filter((t) => !(tag?.enum ?? []).includes(t));
  if (component && tag && tag.type === 'enumeration' && missing.length === 0) return [];
  const where = component ? `${component.uid}.${sf.tagAttribute}` : `${sf.contentType}.${sf.fieldsAttribute}`;
  return [
    {
      rule: 'missing-tag-attribute',
      target: where,
      message: `Secure-form fields must carry a sensitivity tag: ${where} must be an enumeration of ${allowed.join(', ')}.`,
    },
  ];
}
