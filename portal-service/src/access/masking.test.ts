import { parseFormFields } from './form-definition';
import { presentAnswers } from './masking';
import { compileAccessPolicy } from './policy';

const A = '00000000-0000-4000-8000-00000000000a';
// Through the same reader as production: tags arrive as arrays or single strings.
const definition = parseFormFields([
  { key: 'name', label: 'Full name', sensitivity: ['contact'] },
  { key: 'phone', label: 'Phone', sensitivity: 'contact' },
  { key: 'symptoms', label: 'Symptoms', sensitivity: 'clinical' },
  { key: 'consent', label: 'I consent' },
]);
const answers = { symptoms: 'headache', consent: true, phone: '555-0100', name: 'Ada', extra: 'x' };

describe('presentAnswers', () => {
  it('returns fields in definition order with labels for a clinician, unknown keys last', () => {
    const policy = compileAccessPolicy({ staffId: 's', grants: [{ role: 'clinician', clinicId: A }] });
    expect(presentAnswers({ policy, clinicId: A, definition, answers })).toEqual([
      { key: 'name', label: 'Full name', value: 'Ada' },
      { key: 'phone', label: 'Phone', value: '555-0100' },
      { key: 'symptoms', label: 'Symptoms', value: 'headache' },
      { key: 'consent', label: 'I consent', value: true },
      { key: 'extra', label: 'extra', value: 'x' },
    ]);
  });

  it('masks every non-contact field for front desk, with the reason', () => {
    const policy = compileAccessPolicy({ staffId: 's', grants: [{ role: 'front-desk', clinicId: A }] });
    const shown = presentAnswers({ policy, clinicId: A, definition, answers });
    expect(shown).toEqual([
      { key: 'name', label: 'Full name', value: 'Ada' },
      { key: 'phone', label: 'Phone', value: '555-0100' },
      { key: 'symptoms', label: 'Symptoms', masked: true, reason: 'hidden for your role' },
      { key: 'consent', label: 'I consent', masked: true, reason: 'hidden for your role' },
      { key: 'extra', label: 'extra', masked: true, reason: 'hidden for your role' },
    ]);
    expect(JSON.stringify(shown)).not.toContain('headache');
  });
});
