import { checkPasswordPolicy } from './password-policy';

describe('password policy', () => {
  it('refuses 7 characters and accepts 8', () => {
    expect(checkPasswordPolicy('k3#vQz9')).toMatchObject({ ok: false, reason: 'too-short' });
    expect(checkPasswordPolicy('k3#vQz9w')).toEqual({ ok: true });
  });

  it('accepts a 65-character password (no truncation limit below 64)', () => {
    const long = 'correct horse battery staple and a long clinic passphrase 1234567';
    expect([...long]).toHaveLength(65);
    expect(checkPasswordPolicy(long)).toEqual({ ok: true });
  });

  it('imposes no composition rules: lowercase words alone are fine', () => {
    expect(checkPasswordPolicy('tangerine ocean ladder')).toEqual({ ok: true });
  });

  it('refuses passwords on the bundled common/breached list with a clear reason', () => {
    for (const pw of ['password', 'Password', '12345678', 'iloveyou', 'football', 'qwertyuiop']) {
      const result = checkPasswordPolicy(pw);
      expect(result).toMatchObject({ ok: false, reason: 'common' });
      if (!result.ok) expect(result.message).toMatch(/list of commonly used or breached passwords/);
    }
  });

  it('refuses repeated and sequential patterns', () => {
    expect(checkPasswordPolicy('aaaaaaaaaa')).toMatchObject({ ok: false, reason: 'repetitive' });
    expect(checkPasswordPolicy('abababababab')).toMatchObject({ ok: false, reason: 'repetitive' });
    expect(checkPasswordPolicy('abcdefghij')).toMatchObject({ ok: false, reason: 'repetitive' });
    expect(checkPasswordPolicy('98765432')).toMatchObject({ ok: false, reason: 'repetitive' });
  });

  it('refuses the account email and the service name', () => {
    expect(checkPasswordPolicy('dr.jones@clinic.test', { email: 'dr.jones@clinic.test' })).toMatchObject({ ok: false, reason: 'contextual' });
    expect(checkPasswordPolicy('Palisade', {})).toMatchObject({ ok: false, reason: 'contextual' });
  });

  it('counts characters, not UTF-16 units or bytes', () => {
    expect(checkPasswordPolicy('🔒🔒🔒🔒🔒🔒🔒')).toMatchObject({ ok: false, reason: 'too-short' });
    expect(checkPasswordPolicy('пароль-мой-8')).toEqual({ ok: true });
  });
});
