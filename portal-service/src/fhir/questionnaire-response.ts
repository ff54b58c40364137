import type { QuestionnaireResponse, QuestionnaireResponseItem } from 'fhir/r4';
import type { PresentedField } from '../access/masking';
import { toAnswers } from './answers';
import { REDACTED_SECURITY_LABEL, SUBMISSION_IDENTIFIER_SYSTEM } from './constants';
import type { FormFieldDef } from '../access/form-definition';
import { itemTypeOf, questionnaireUrl } from './questionnaire';

/** What the staff API's repository returns for one decrypted, masked submission. */
export interface PresentedSubmission {
  id: string;
  form: string;
  formVersion: string;
  submittedAt: string;
  receivedAt: string;
  fields: readonly PresentedField[];
}

const CANONICAL_VERSION = /^[A-Za-z0-9._:+-]{1,64}$/;

function instant(value: string, fallback: string): string {
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? fallback : parsed.toISOString();
}

/**
 * A submission as an R4 QuestionnaireResponse.
 *
 * Masked fields (hidden for the reader's role) are omitted, not sent empty, and
 * the resource carries the REDACTED security label so a receiver knows it is
 * partial. Answers to keys the registered form no longer defines are omitted
 * too: the Questionnaire cannot describe them, and the staff UI still shows them.
 */
export function toQuestionnaireResponse(submission: PresentedSubmission, fields: readonly FormFieldDef[], publicUrl: string): QuestionnaireResponse {
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const items: QuestionnaireResponseItem[] = [];
  let redacted = false;
  for (const presented of submission.fields) {
    if ('masked' in presented) {
      redacted = true;
      continue;
    }
    const field = byKey.get(presented.key);
    if (!field) continue;
    const answer = toAnswers(itemTypeOf(field), presented.value);
    if (answer.length > 0) items.push({ linkId: field.key, text: field.label, answer });
  }
  const canonical = questionnaireUrl(publicUrl, submission.form);
  const version = CANONICAL_VERSION.test(submission.formVersion) ? `|${submission.formVersion}` : '';
  const receivedAt = instant(submission.receivedAt, submission.receivedAt);
  return {
    resourceType: 'QuestionnaireResponse',
    id: submission.id,
    meta: { lastUpdated: receivedAt, ...(redacted ? { security: [{ ...REDACTED_SECURITY_LABEL }] } : {}) },
    identifier: { system: SUBMISSION_IDENTIFIER_SYSTEM, value: submission.id },
    questionnaire: `${canonical}${version}`,
    status: 'completed',
    authored: instant(submission.submittedAt, receivedAt),
    ...(items.length > 0 ? { item: items } : {}),
  };
}
