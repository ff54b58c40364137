import { FhirError } from './operation-outcome';
import { parseDateParam, questionnaireRef, within } from './search-params';

const d = (s: string) => new Date(s);

describe('FHIR date search parameters', () => {
  it('a value stands for its whole period, and prefixes pick a side', () => {
    expect(parseDateParam('authored', 'ge2026-03')).toEqual({ from: d('2026-03-01T00:00:00Z') });
    expect(parseDateParam('authored', 'gt2026-03')).toEqual({ from: d('2026-04-01T00:00:00Z') });
    expect(parseDateParam('authored', 'lt2026-03-05')).toEqual({ to: d('2026-03-05T00:00:00Z') });
    expect(parseDateParam('authored', 'le2026-03-05')).toEqual({ to: d('2026-03-06T00:00:00Z') });
    expect(parseDateParam('authored', '2026')).toEqual({ from: d('2026-01-01T00:00:00Z'), to: d('2027-01-01T00:00:00Z') });
    expect(parseDateParam('authored', 'ge2026-03-01T10:00:00+02:00')).toEqual({ from: d('2026-03-01T08:00:00Z') });
  });

  it('several values narrow the interval', () => {
    const i = parseDateParam('authored', ['ge2026-03-01', 'lt2026-04-01', 'ge2026-03-10']);
    expect(i).toEqual({ from: d('2026-03-10T00:00:00Z'), to: d('2026-04-01T00:00:00Z') });
    expect(within(i, d('2026-03-10T00:00:00Z'))).toBe(true);
    expect(within(i, d('2026-04-01T00:00:00Z'))).toBe(false);
  });

  it('refuses what is not a FHIR date, with a 400', () => {
    for (const bad of ['yesterday', 'ge2026-13', 'ge2026-02-30', 'ne2026-03-01', '2026-03-01T10:00']) {
      expect(() => parseDateParam('authored', bad)).toThrow(FhirError);
    }
  });
});

describe('questionnaire references', () => {
  const base = 'https://patient.example.org';
  it('accepts our canonical URL, a relative reference and a bare id', () => {
    expect(questionnaireRef('https://patient.example.org/fhir/Questionnaire/intake|7', base)).toEqual({ slug: 'intake', version: '7' });
    expect(questionnaireRef('Questionnaire/intake', base)).toEqual({ slug: 'intake' });
    expect(questionnaireRef('intake', base)).toEqual({ slug: 'intake' });
    expect(questionnaireRef('https://elsewhere.example/fhir/Questionnaire/intake', base)).toBeUndefined();
  });
});
