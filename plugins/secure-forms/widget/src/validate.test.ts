import { parseDefinition } from './definition';
import { sealedAnswers, validateAnswers } from './validate';

const definition = parseDefinition({
  slug: 'new-patient-intake',
  title: 'New patient intake',
  publishedAt: '2026-03-01T10:00:00.000Z',
  fields: [
    { key: 'fullName', label: 'Full name', type: 'text', required: true },
    { key: 'email', label: 'Email', type: 'email', required: false },
    { key: 'phone', label: 'Phone', type: 'tel', required: false },
    { key: 'born', label: 'Date of birth', type: 'date', required: false },
    { key: 'visit', label: 'Visit type', type: 'radio', required: true, options: 'New\nFollow-up\n' },
    { key: 'consent', label: 'I agree', type: 'checkbox', required: true },
  ],
});

describe('validateAnswers', () => {
  it('accepts complete, well-formed answers', () => {
    expect(validateAnswers(definition, { fullName: 'Ada', email: 'ada@example.org', visit: 'New', consent: true, born: '1990-02-03' })).toEqual({});
  });

  it('names each wrong answer with its rule', () => {
    expect(
      validateAnswers(definition, { fullName: '  ', email: 'nope', phone: 'call me', born: '03/02/1990', visit: 'Other', consent: false }),
    ).toEqual({ fullName: 'required', email: 'email', phone: 'tel', born: 'date', visit: 'option', consent: 'required' });
  });

  it('refuses answers for fields the form does not have', () => {
    expect(validateAnswers(definition, { fullName: 'Ada', visit: 'New', consent: true, injected: 'x' })).toEqual({ injected: 'type' });
  });
});

describe('sealedAnswers', () => {
  it('trims text and leaves out empty optional answers', () => {
    expect(sealedAnswers(definition, { fullName: ' Ada ', email: '', visit: 'New', consent: true })).toEqual({ fullName: 'Ada', visit: 'New', consent: true });
  });
});

describe('parseDefinition', () => {
  it('takes the version from publishedAt and options one per line', () => {
    expect(definition.formVersion).toBe('2026-03-01T10:00:00.000Z');
    expect(definition.fields.find((f) => f.key === 'visit')?.options).toEqual(['New', 'Follow-up']);
  });

  it('refuses a definition it cannot render safely', () => {
    expect(() => parseDefinition({ slug: 's', title: 't', fields: [{ key: 'a', label: 'A', type: 'script' }] })).toThrow(/malformed/);
    expect(() => parseDefinition({ slug: 's', title: 't', fields: [{ key: 'a', label: 'A', type: 'select' }] })).toThrow(/options/);
    expect(() => parseDefinition({ slug: 's', title: 't', fields: [{ key: 'a', label: 'A', type: 'text' }, { key: 'a', label: 'B', type: 'text' }] })).toThrow();
  });
});
