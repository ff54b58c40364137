import type { FormFieldDef } from './form-definition';
import type { AccessPolicy } from './policy';

export type AnswerValue = string | string[] | boolean;

export type PresentedField =
  | { key: string; label: string; value: AnswerValue }
  | { key: string; label: string; masked: true; reason: 'hidden for your role' };

/**
 * Answers in the order of the form definition, with labels, masked per role.
 * Answers the definition does not know come last, labelled by key; they carry
 * no sensitivity tag, so only full readers see them.
 */
export function presentAnswers(opts: {
  policy: AccessPolicy;
  clinicId: string;
  definition: readonly FormFieldDef[];
  answers: Readonly<Record<string, AnswerValue>>;
}): PresentedField[] {
  const out: PresentedField[] = [];
  const seen = new Set<string>();
  const present = (key: string, label: string, field: FormFieldDef | undefined) => {
    const value = opts.answers[key];
    if (value === undefined) return;
    const visibility = opts.policy.fieldVisibility(opts.clinicId, field);
    out.push(visibility.visible ? { key, label, value } : { key, label, masked: true, reason: visibility.reason });
  };
  for (const field of opts.definition) {
    if (seen.has(field.key)) continue;
    seen.add(field.key);
    present(field.key, field.label, field);
  }
  for (const key of Object.keys(opts.answers).sort()) {
    if (!seen.has(key)) present(key, key, undefined);
  }
  return out;
}
