import { wordParts } from './word-parts';

/**
 * Word parts that mark health or identity data. A name matches when any of its
 * word parts equals an entry of WORDS or starts with an entry of STEMS, so
 * `dateOfBirth`, `primaryDiagnosis` and `patient_id` all match. Matching every
 * word part (not only the first) is deliberate: health data rarely announces
 * itself in the first word. The price is that a public field such as
 * `provider.acceptingNewPatients` matches too; it is allowed by an explicit,
 * expiring exception in cms/config/classification.ts, so that a person owns
 * the decision and looks at it again.
 */
const WORDS = new Set(['ssn', 'sin', 'dob', 'mrn', 'condition', 'conditions', 'insurer']);
const STEMS = ['birth', 'diagnos', 'medication', 'prescri', 'insurance', 'allerg', 'symptom', 'patient'];

/** The word part that makes `name` look like health or identity data, if any. */
export function sensitiveWordIn(name: string): string | undefined {
  return wordParts(name).find((part) => WORDS.has(part) || STEMS.some((stem) => part.startsWith(stem)));
}
