import { AuditDetailError, checkAuditDetail } from './detail';

describe('audit detail', () => {
  it('keeps reason codes, counts, flags and lists of codes', () => {
    const d = { reason: 'bad-password', count: 3, password: true, roles: ['clinician', 'front-desk'], kid: 'intake-20310301-ab12cd34' };
    expect(checkAuditDetail(d)).toEqual(d);
  });

  it('refuses free text (spaces) that could carry a name or an answer', () => {
    expect(() => checkAuditDetail({ reason: 'Jane Doe has diabetes' })).toThrow(AuditDetailError);
  });

  it('refuses strings under keys that sound like secrets or personal data', () => {
    expect(() => checkAuditDetail({ password: 'hunter2hunter2' })).toThrow(/boolean or a number/);
    expect(() => checkAuditDetail({ email: 'a@b.c' })).toThrow(AuditDetailError);
    expect(() => checkAuditDetail({ answers: ['x'] })).toThrow(AuditDetailError);
  });

  it('refuses nested objects, long strings and odd keys', () => {
    expect(() => checkAuditDetail({ nested: { a: 1 } })).toThrow(AuditDetailError);
    expect(() => checkAuditDetail({ reason: 'x'.repeat(81) })).toThrow(AuditDetailError);
    expect(() => checkAuditDetail({ 'Bad Key': 1 })).toThrow(AuditDetailError);
    expect(() => checkAuditDetail({ n: Number.NaN })).toThrow(AuditDetailError);
  });

  it('the error names the key but never echoes the value', () => {
    try {
      checkAuditDetail({ reason: 'canary value 123' });
      throw new Error('not refused');
    } catch (err) {
      expect((err as Error).message).toContain('reason');
      expect((err as Error).message).not.toContain('canary');
    }
  });
});
