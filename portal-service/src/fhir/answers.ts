import type { QuestionnaireItem, QuestionnaireResponseItemAnswer } from 'fhir/r4';
import type { AnswerValue } from '../access/masking';

const FHIR_DATE = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;
const TRUE_WORDS = new Set(['true', 'on', 'yes', '1']);
const FALSE_WORDS = new Set(['false', 'off', 'no', '0']);

function asStrings(value: AnswerValue): string[] {
  if (typeof value === 'boolean') return [String(value)];
  const list = Array.isArray(value) ? value : [value];
  return list.filter((s) => typeof s === 'string' && s.trim() !== '');
}

function asBoolean(value: AnswerValue): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const word = (Array.isArray(value) ? value[0] : value)?.trim().toLowerCase();
  if (word === undefined) return undefined;
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return undefined;
}

/**
 * The answers of one item, typed by the item's FHIR type. Values that do not fit
 * the type (a date the browser did not validate, say) are kept as strings rather
 * than dropped: losing what the patient wrote is worse than a looser type. An
 * empty result means "no answer": callers omit the item (FHIR forbids empty arrays).
 */
export function toAnswers(type: QuestionnaireItem['type'], value: AnswerValue): QuestionnaireResponseItemAnswer[] {
  if (type === 'boolean') {
    const b = asBoolean(value);
    if (b !== undefined) return [{ valueBoolean: b }];
    return asStrings(value).map((s) => ({ valueString: s }));
  }
  if (type === 'date') {
    return asStrings(value).map((s) => (FHIR_DATE.test(s.trim()) ? { valueDate: s.trim() } : { valueString: s }));
  }
  return asStrings(value).map((s) => ({ valueString: s }));
}
