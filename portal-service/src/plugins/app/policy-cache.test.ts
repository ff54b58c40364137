import { PolicyCache } from './policy-cache';
import { defaultRules } from '../../access/rules';

const CLINIC_A = '00000000-0000-4000-8000-00000000000a';
const CLINIC_B = '00000000-0000-4000-8000-00000000000b';

describe('PolicyCache', () => {
  it('compiles once per session while the grants stay the same', () => {
    const cache = new PolicyCache(defaultRules);
    const first = cache.get('s1', 'staff-1', [{ role: 'clinician', clinicId: CLINIC_A }]);
    expect(cache.get('s1', 'staff-1', [{ role: 'clinician', clinicId: CLINIC_A }])).toBe(first);
  });

  it('recompiles on the next request after a grant changes, so a removed clinic is gone at once', () => {
    const cache = new PolicyCache(defaultRules);
    const both = cache.get('s1', 'staff-1', [
      { role: 'clinician', clinicId: CLINIC_A },
      { role: 'clinician', clinicId: CLINIC_B },
    ]);
    expect(both.clinicsFor('submission:read')).toEqual(expect.arrayContaining([CLINIC_A, CLINIC_B]));
    const narrowed = cache.get('s1', 'staff-1', [{ role: 'clinician', clinicId: CLINIC_A }]);
    expect(narrowed.clinicsFor('submission:read')).toEqual([CLINIC_A]);
    expect(cache.get('s1', 'staff-1', []).can('submission:read')).toBe(false);
  });

  it('never shares a compiled policy between sessions', () => {
    const cache = new PolicyCache(defaultRules);
    const grants = [{ role: 'auditor' as const, clinicId: null }];
    expect(cache.get('s1', 'staff-1', grants)).not.toBe(cache.get('s2', 'staff-1', grants));
  });
});
