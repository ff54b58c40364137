import { parseFormFields } from './form-definition';
import { compileAccessPolicy } from './policy';
import { defaultRules, type AccessRules } from './rules';
import type { Principal } from './roles';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const [contact, clinical] = parseFormFields([
  { key: 'phone', label: 'Phone', sensitivity: 'contact' },
  { key: 'symptoms', label: 'Symptoms', sensitivity: 'clinical' },
]);

const who = (...grants: Principal['grants']): Principal => ({ staffId: 's1', grants });

describe('compileAccessPolicy', () => {
  it('lets a clinician read every field, for their clinics only', () => {
    const p = compileAccessPolicy(who({ role: 'clinician', clinicId: A }));
    expect(p.clinicsFor('submission:read')).toEqual([A]);
    expect(p.fieldVisibility(A, clinical)).toEqual({ visible: true });
    expect(p.fieldVisibility(B, clinical)).toEqual({ visible: false, reason: 'hidden for your role' });
    expect(p.can('staff:manage')).toBe(false);
    expect(p.can('audit:search')).toBe(false);
  });

  it('lets front desk see contact fields only', () => {
    const p = compileAccessPolicy(who({ role: 'front-desk', clinicId: A }));
    expect(p.clinicsFor('submission:list')).toEqual([A]);
    expect(p.answerScope(A)).toBe('contact-only');
    expect(p.fieldVisibility(A, contact)).toEqual({ visible: true });
    expect(p.fieldVisibility(A, clinical)).toEqual({ visible: false, reason: 'hidden for your role' });
    expect(p.fieldVisibility(A, undefined)).toEqual({ visible: false, reason: 'hidden for your role' });
  });

  it('gives the wider scope when one person is clinician in one clinic and front desk in another', () => {
    const p = compileAccessPolicy(who({ role: 'clinician', clinicId: A }, { role: 'front-desk', clinicId: B }, { role: 'front-desk', clinicId: A }));
    expect(p.clinicsFor('submission:read')).toEqual([A, B].sort());
    expect(p.answerScope(A)).toBe('all');
    expect(p.answerScope(B)).toBe('contact-only');
  });

  it('gives an admin management but no answers', () => {
    const p = compileAccessPolicy(who({ role: 'admin', clinicId: null }));
    expect(p.can('staff:manage')).toBe(true);
    expect(p.can('clinic:manage')).toBe(true);
    expect(p.can('form:manage')).toBe(true);
    expect(p.can('submission:read')).toBe(false);
    expect(p.can('submission:list')).toBe(false);
    expect(p.can('audit:search')).toBe(false);
  });

  it('gives an auditor the audit log and no answers', () => {
    const p = compileAccessPolicy(who({ role: 'auditor', clinicId: null }));
    expect(p.can('audit:search')).toBe(true);
    expect(p.can('submission:read')).toBe(false);
    expect(p.answerScope(A)).toBe('none');
  });

  it('denies everything to someone with no roles', () => {
    const p = compileAccessPolicy(who());
    for (const action of Object.keys(defaultRules) as (keyof AccessRules)[]) expect(p.can(action)).toBe(false);
  });

  it('denies when a rule throws, and keeps other rules working', () => {
    const rules: AccessRules = {
      ...defaultRules,
      'submission:read': () => {
        throw new Error('bug in a rule');
      },
    };
    const p = compileAccessPolicy(who({ role: 'clinician', clinicId: A }), rules);
    expect(p.can('submission:read')).toBe(false);
    expect(p.answerScope(A)).toBe('none');
    expect(p.can('submission:list')).toBe(true);
  });

  it('denies when a rule returns an empty filter or junk', () => {
    const rules = {
      ...defaultRules,
      'submission:list': () => ({ clinicIds: [] }),
      'staff:manage': () => 'yes' as unknown as boolean,
    } satisfies AccessRules;
    const p = compileAccessPolicy(who({ role: 'admin', clinicId: null }, { role: 'clinician', clinicId: A }), rules);
    expect(p.can('submission:list')).toBe(false);
    expect(p.can('staff:manage')).toBe(false);
  });

  it('is frozen: a handler cannot widen it', () => {
    const p = compileAccessPolicy(who({ role: 'front-desk', clinicId: A }));
    expect(Object.isFrozen(p)).toBe(true);
    expect(Object.isFrozen(p.clinicsFor('submission:read'))).toBe(true);
  });
});
