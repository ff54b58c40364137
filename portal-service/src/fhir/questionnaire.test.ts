import { SENSITIVITY_EXTENSION_URL } from './constants';
import { INTAKE_DEFINITION, PUBLIC_URL } from './fhir.fixtures';
import { parseFormFields } from '../access/form-definition';
import { toQuestionnaire } from './questionnaire';
import { checkQuestionnaire } from './validation';

const form = { slug: 'new-patient-intake', title: 'New patient intake', fields: parseFormFields(INTAKE_DEFINITION), createdAt: new Date('2026-01-05T10:00:00Z') };

describe('toQuestionnaire', () => {
  const q = toQuestionnaire(form, `${PUBLIC_URL}/`);
  const item = (linkId: string) => q.item?.find((i) => i.linkId === linkId);

  it('validates as R4 with known status and item type codes', () => {
    expect(checkQuestionnaire(q)).toEqual([]);
    expect(q.status).toBe('active');
  });

  it('is identified by the slug under the public URL', () => {
    expect(q.id).toBe('new-patient-intake');
    expect(q.url).toBe('https://patient.example.org/fhir/Questionnaire/new-patient-intake');
    expect(q.name).toBe('NewPatientIntake');
    expect(q.title).toBe('New patient intake');
  });

  it('maps each field type to its FHIR item type, in form order', () => {
    expect(q.item?.map((i) => [i.linkId, i.type])).toEqual([
      ['fullName', 'string'],
      ['email', 'string'],
      ['phone', 'string'],
      ['birthDate', 'date'],
      ['age', 'string'],
      ['visitDate', 'date'],
      ['reason', 'text'],
      ['history', 'text'],
      ['visitType', 'choice'],
      ['smoker', 'choice'],
      ['symptoms', 'choice'],
      ['consent', 'boolean'],
    ]);
    expect(item('fullName')?.text).toBe('Full name');
  });

  it('lists answer options, whether stored as an array or one per line as the CMS writes them', () => {
    expect(item('visitType')?.answerOption).toEqual([{ valueString: 'New patient' }, { valueString: 'Follow-up' }]);
    const [perLine] = parseFormFields([{ key: 'v', label: 'V', type: 'radio', options: 'New patient\r\nFollow-up\n\n' }]);
    expect(perLine?.options).toEqual(['New patient', 'Follow-up']);
    expect(item('smoker')?.answerOption).toEqual([{ valueString: 'Yes' }, { valueString: 'No' }]);
    expect(item('symptoms')?.repeats).toBe(true);
    expect(item('smoker')?.repeats).toBeUndefined();
  });

  it('keeps required flags and sensitivity tags as item extensions', () => {
    expect(item('email')?.required).toBe(true);
    expect(item('phone')?.required).toBeUndefined();
    expect(item('email')?.extension).toEqual([{ url: SENSITIVITY_EXTENSION_URL, valueCode: 'contact' }]);
    expect(item('reason')?.extension).toEqual([{ url: SENSITIVITY_EXTENSION_URL, valueCode: 'clinical' }]);
    expect(item('consent')?.extension).toBeUndefined();
  });

  it('renders help text as a nested display item marked as help', () => {
    expect(item('reason')?.item).toEqual([expect.objectContaining({ linkId: 'reason.help', type: 'display', text: 'In your own words.' })]);
  });

  it('never emits empty arrays: a select without options becomes a string item, a form without fields has no items', () => {
    const odd = toQuestionnaire({ slug: 'odd', title: 'Odd', fields: parseFormFields([{ key: 'pick', label: 'Pick', type: 'select', options: '' }]) }, PUBLIC_URL);
    expect(odd.item).toEqual([{ linkId: 'pick', text: 'Pick', type: 'string' }]);
    const empty = toQuestionnaire({ slug: 'empty', title: 'Empty', fields: [] }, PUBLIC_URL);
    expect(empty.item).toBeUndefined();
    expect(checkQuestionnaire(odd)).toEqual([]);
    expect(checkQuestionnaire(empty)).toEqual([]);
  });

  it('the explicit checks catch what the structural validator lets through', () => {
    const bad = { ...q, status: 'published', item: [{ linkId: 'x', type: 'yes-no' }] } as unknown as typeof q;
    const problems = checkQuestionnaire(bad);
    expect(problems).toEqual(expect.arrayContaining([expect.stringContaining('status: unknown code published'), expect.stringContaining('type: unknown code yes-no')]));
  });
});

describe('parseFormFields', () => {
  it('skips malformed and duplicate fields and falls back to text for unknown types', () => {
    expect(parseFormFields([{ key: 'a', label: 'A', type: 'slider' }, { key: 'a', label: 'again' }, { label: 'no key' }, 'junk'])).toEqual([
      { key: 'a', label: 'A', type: 'text', required: false, options: [], sensitivity: [] },
    ]);
    expect(parseFormFields({ not: 'an array' })).toEqual([]);
  });
});
