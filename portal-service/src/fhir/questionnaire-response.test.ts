import { presentAnswers } from '../access/masking';
import { compileAccessPolicy } from '../access/policy';
import { CANARY, CLINIC_A, INTAKE_ANSWERS, INTAKE_DEFINITION, PUBLIC_URL } from './fhir.fixtures';
import { parseFormFields } from '../access/form-definition';
import { toQuestionnaire } from './questionnaire';
import { toQuestionnaireResponse, type PresentedSubmission } from './questionnaire-response';
import { checkQuestionnaireResponse } from './validation';

const fields = parseFormFields(INTAKE_DEFINITION);
const questionnaire = toQuestionnaire({ slug: 'new-patient-intake', title: 'Intake', fields }, PUBLIC_URL);
const ID = '6f1c2a40-1b7e-4c1d-9a55-0c3f1f0b2e11';

function submissionFor(role: 'clinician' | 'front-desk', answers: Record<string, string | string[] | boolean> = INTAKE_ANSWERS): PresentedSubmission {
  const policy = compileAccessPolicy({ staffId: 's', grants: [{ role, clinicId: CLINIC_A }] });
  return {
    id: ID,
    form: 'new-patient-intake',
    formVersion: '7',
    submittedAt: '2026-03-01T09:30:00.000Z',
    receivedAt: '2026-03-01T09:30:02.120Z',
    fields: presentAnswers({ policy, clinicId: CLINIC_A, definition: fields, answers }),
  };
}

const answerOf = (qr: ReturnType<typeof toQuestionnaireResponse>, linkId: string) => qr.item?.find((i) => i.linkId === linkId)?.answer;

describe('toQuestionnaireResponse', () => {
  it('for a clinician: every answer, typed by item type, validating against the Questionnaire', () => {
    const qr = toQuestionnaireResponse(submissionFor('clinician'), fields, PUBLIC_URL);
    expect(checkQuestionnaireResponse(qr, questionnaire)).toEqual([]);
    expect(qr).toMatchObject({
      resourceType: 'QuestionnaireResponse',
      id: ID,
      status: 'completed',
      questionnaire: 'https://patient.example.org/fhir/Questionnaire/new-patient-intake|7',
      authored: '2026-03-01T09:30:00.000Z',
    });
    expect(qr.meta?.security).toBeUndefined();
    expect(answerOf(qr, 'fullName')).toEqual([{ valueString: CANARY.name }]);
    expect(answerOf(qr, 'visitDate')).toEqual([{ valueDate: '2026-03-17' }]);
    expect(answerOf(qr, 'visitType')).toEqual([{ valueString: 'Follow-up' }]);
    expect(answerOf(qr, 'symptoms')).toEqual([{ valueString: 'Cough' }, { valueString: 'Fever' }]);
    expect(answerOf(qr, 'consent')).toEqual([{ valueBoolean: true }]);
    expect(qr.item).toHaveLength(12);
  });

  it('for front desk: only contact answers; masked items are omitted and the resource is labelled REDACTED', () => {
    const qr = toQuestionnaireResponse(submissionFor('front-desk'), fields, PUBLIC_URL);
    expect(checkQuestionnaireResponse(qr, questionnaire)).toEqual([]);
    expect(qr.item?.map((i) => i.linkId)).toEqual(['email', 'phone']);
    expect(qr.meta?.security).toEqual([{ system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue', code: 'REDACTED', display: 'redacted' }]);
    const json = JSON.stringify(qr);
    for (const hidden of [CANARY.name, CANARY.reason, CANARY.history, CANARY.birthDate]) expect(json).not.toContain(hidden);
  });

  it('never sends an empty answer: blank and empty-list answers drop their item', () => {
    const qr = toQuestionnaireResponse(submissionFor('clinician', { email: '  ', symptoms: [], phone: '555', consent: false }), fields, PUBLIC_URL);
    expect(qr.item).toEqual([
      { linkId: 'phone', text: 'Phone', answer: [{ valueString: '555' }] },
      { linkId: 'consent', text: 'I agree to the privacy notice', answer: [{ valueBoolean: false }] },
    ]);
    const none = toQuestionnaireResponse(submissionFor('clinician', {}), fields, PUBLIC_URL);
    expect(none.item).toBeUndefined();
    expect(checkQuestionnaireResponse(none, questionnaire)).toEqual([]);
  });

  it('keeps a date the browser did not validate as a string instead of dropping it, and omits keys the form no longer defines', () => {
    const qr = toQuestionnaireResponse(submissionFor('clinician', { visitDate: 'next Tuesday', retired: 'x' }), fields, PUBLIC_URL);
    expect(qr.item).toEqual([{ linkId: 'visitDate', text: 'Preferred visit date', answer: [{ valueString: 'next Tuesday' }] }]);
  });

  it('drops a form version that cannot sit in a canonical and falls back to the receipt time for a bad submittedAt', () => {
    const qr = toQuestionnaireResponse({ ...submissionFor('clinician'), formVersion: 'a|b', submittedAt: 'yesterday' }, fields, PUBLIC_URL);
    expect(qr.questionnaire).toBe('https://patient.example.org/fhir/Questionnaire/new-patient-intake');
    expect(qr.authored).toBe('2026-03-01T09:30:02.120Z');
  });

  it('the explicit checks catch a bad status, an empty answer array and an answer of the wrong type', () => {
    const qr = toQuestionnaireResponse(submissionFor('clinician'), fields, PUBLIC_URL);
    const bad = { ...qr, status: 'done', item: [{ linkId: 'consent', answer: [{ valueString: 'yes' }] }, { linkId: 'email', answer: [] }] } as unknown as typeof qr;
    expect(checkQuestionnaireResponse(bad, questionnaire)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('status: unknown code done'),
        expect.stringContaining('valueString does not fit a boolean item'),
        expect.stringContaining('empty array'),
      ]),
    );
  });

  it('the structural validator enforces FHIRPath invariants such as qrs-1', () => {
    const qr = toQuestionnaireResponse(submissionFor('clinician'), fields, PUBLIC_URL);
    const nested = { ...qr, item: [{ linkId: 'phone', answer: [{ valueString: '1' }], item: [{ linkId: 'email', answer: [{ valueString: '2' }] }] }] };
    expect(checkQuestionnaireResponse(nested)).toEqual([expect.stringContaining('qrs-1')]);
  });
});
