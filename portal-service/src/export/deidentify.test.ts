import { CANARY, INTAKE_ANSWERS, INTAKE_DEFINITION } from '../fhir/fhir.fixtures';
import { parseFormFields } from '../access/form-definition';
import { ageAt, ageBucket, deidentifyAnswers, generalizeToMonth, planColumns } from './deidentify';

const fields = parseFormFields(INTAKE_DEFINITION);
const submittedAt = new Date('2026-03-01T09:30:00Z');

describe('planColumns', () => {
  it('drops identity and contact fields, and free text unless allowlisted', () => {
    const plan = planColumns(fields, new Set());
    expect(plan.columns.map((c) => c.name)).toEqual(['age', 'visitDate', 'visitType', 'smoker', 'symptoms', 'consent']);
    expect(plan.dropped).toEqual([
      { key: 'fullName', reason: 'identity' },
      { key: 'email', reason: 'contact' },
      { key: 'phone', reason: 'contact' },
      { key: 'birthDate', reason: 'identity' },
      { key: 'reason', reason: 'free-text' },
      { key: 'history', reason: 'free-text' },
    ]);
  });

  it('an allowlisted free-text field is kept but never as a quasi-identifier; the allowlist cannot revive identity or contact fields', () => {
    const plan = planColumns(fields, new Set(['reason', 'fullName', 'email']));
    expect(plan.columns.find((c) => c.name === 'reason')).toEqual({ name: 'reason', key: 'reason', kind: 'free-text', quasiIdentifier: false });
    expect(plan.columns.map((c) => c.name)).not.toEqual(expect.arrayContaining(['fullName']));
    expect(plan.columns.map((c) => c.name)).not.toEqual(expect.arrayContaining(['email']));
  });

  it('treats untagged email and phone fields as contact, and an untagged birth date as an age', () => {
    const plan = planColumns(parseFormFields([{ key: 'mail', label: 'Mail', type: 'email' }, { key: 'dob', label: 'Date of birth', type: 'date' }]), new Set());
    expect(plan.dropped).toEqual([{ key: 'mail', reason: 'contact' }]);
    expect(plan.columns).toEqual([{ name: 'dob_age', key: 'dob', kind: 'age', quasiIdentifier: true }]);
  });
});

describe('deidentifyAnswers', () => {
  it('keeps only generalized values: month dates, bucketed ages, known options', () => {
    const plan = planColumns(fields, new Set());
    const row = deidentifyAnswers(plan, fields, INTAKE_ANSWERS, submittedAt);
    expect(row).toEqual({ age: '90+', visitDate: '2026-03', visitType: 'Follow-up', smoker: 'No', symptoms: 'Cough;Fever', consent: 'true' });
    const json = JSON.stringify(row);
    for (const canary of Object.values(CANARY)) expect(json).not.toContain(canary);
  });

  it('derives an age from an untagged birth date and buckets it above 89', () => {
    const dobFields = parseFormFields([{ key: 'dob', label: 'Date of birth', type: 'date' }]);
    const plan = planColumns(dobFields, new Set());
    expect(deidentifyAnswers(plan, dobFields, { dob: '1931-02-27' }, submittedAt)).toEqual({ dob_age: '90+' });
    expect(deidentifyAnswers(plan, dobFields, { dob: '1990-03-02' }, submittedAt)).toEqual({ dob_age: '35' });
  });

  it('leaves out values that fit no rule: a typed-in option, an unparseable date or age', () => {
    const plan = planColumns(fields, new Set());
    expect(deidentifyAnswers(plan, fields, { visitType: 'Call me, Zebulon', visitDate: 'soon', age: 'ninety', consent: 'maybe' }, submittedAt)).toEqual({});
  });
});

describe('generalization helpers', () => {
  it('month, age bucket and age at a date', () => {
    expect(generalizeToMonth('2026-03-17')).toBe('2026-03');
    expect(generalizeToMonth('2026-13-01')).toBeUndefined();
    expect(ageBucket(89)).toBe('89');
    expect(ageBucket(90)).toBe('90+');
    expect(ageBucket(-1)).toBeUndefined();
    expect(ageAt('2000-03-02', submittedAt)).toBe(25);
    expect(ageAt('2000-03-01', submittedAt)).toBe(26);
    expect(ageAt('2001-02-30', submittedAt)).toBeUndefined();
  });
});
