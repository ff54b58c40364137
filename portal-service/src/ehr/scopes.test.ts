import { grantScopes, normalizeRegisteredScopes, parseScope, scopeAllows, ScopeError } from './scopes';

describe('SMART system scopes', () => {
  it('parses v2 permission strings in c-r-u-d-s order only, and v1 read/write/*', () => {
    expect(parseScope('system/QuestionnaireResponse.rs')?.permissions).toEqual(new Set(['r', 's']));
    expect(parseScope('system/Questionnaire.read')?.permissions).toEqual(new Set(['r', 's']));
    expect(parseScope('system/*.cruds')?.resource).toBe('*');
    expect(parseScope('system/QuestionnaireResponse.sr')).toBeUndefined();
    expect(parseScope('system/QuestionnaireResponse.rr')).toBeUndefined();
    expect(parseScope('patient/QuestionnaireResponse.rs')).toBeUndefined();
    expect(parseScope('system/Patient.rs')).toBeUndefined();
    expect(parseScope('system/QuestionnaireResponse.rs?status=completed')).toBeUndefined();
  });

  it('registration keeps only served permissions on explicit resource types', () => {
    expect(normalizeRegisteredScopes(['system/QuestionnaireResponse.read', 'system/Questionnaire.cruds', 'system/QuestionnaireResponse.rs'])).toEqual([
      'system/Questionnaire.rs',
      'system/QuestionnaireResponse.rs',
    ]);
    expect(() => normalizeRegisteredScopes(['system/*.rs'])).toThrow(ScopeError);
    expect(() => normalizeRegisteredScopes(['system/QuestionnaireResponse.cud'])).toThrow(ScopeError);
    expect(() => normalizeRegisteredScopes(['system/AuditEvent.rs'])).toThrow(ScopeError);
    expect(() => normalizeRegisteredScopes([])).toThrow(ScopeError);
  });

  it('grants the intersection of requested and registered scopes', () => {
    const registered = ['system/QuestionnaireResponse.rs', 'system/Questionnaire.r'];
    expect(grantScopes(['system/*.cruds'], registered)).toEqual(['system/Questionnaire.r', 'system/QuestionnaireResponse.rs']);
    expect(grantScopes(['system/QuestionnaireResponse.r', 'openid', 'system/Questionnaire.s'], registered)).toEqual(['system/QuestionnaireResponse.r']);
    expect(grantScopes(['system/Questionnaire.s'], registered)).toEqual([]);
  });

  it('a granted scope allows exactly its resource type and interactions', () => {
    const granted = ['system/QuestionnaireResponse.r'];
    expect(scopeAllows(granted, 'QuestionnaireResponse', 'read')).toBe(true);
    expect(scopeAllows(granted, 'QuestionnaireResponse', 'search')).toBe(false);
    expect(scopeAllows(granted, 'Questionnaire', 'read')).toBe(false);
    expect(scopeAllows(granted, 'AuditEvent', 'read')).toBe(false);
  });
});
