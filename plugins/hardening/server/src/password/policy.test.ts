import { passwordRefusal } from './policy';

describe('admin password policy', () => {
  it('refuses anything shorter than the minimum, counting characters as typed', () => {
    expect(passwordRefusal('short pass', 12)?.code).toBe('TOO_SHORT');
    expect(passwordRefusal('ééééééééééé', 12)?.code).toBe('TOO_SHORT');
    expect(passwordRefusal('ten chars!', 8)).toBeUndefined();
  });

  it('has no composition rule: lower-case words are fine', () => {
    expect(passwordRefusal('correct horse battery staple', 12)).toBeUndefined();
    expect(passwordRefusal('aaaa bbbb cccc', 12)).toBeUndefined();
  });

  it('refuses common and breached passwords, whatever their case', () => {
    expect(passwordRefusal('password1234', 12)?.code).toBe('COMMON');
    expect(passwordRefusal('PassWord1234', 12)?.code).toBe('COMMON');
    expect(passwordRefusal('qwertyuiop123', 12)?.code).toBe('COMMON');
    expect(passwordRefusal('baseball', 8)?.code).toBe('COMMON');
  });

  it('refuses what bcrypt would silently truncate instead of truncating it', () => {
    expect(passwordRefusal('x'.repeat(72), 12)).toBeUndefined();
    expect(passwordRefusal('x'.repeat(73), 12)?.code).toBe('TOO_LONG');
    expect(passwordRefusal('é'.repeat(37), 12)?.code).toBe('TOO_LONG');
  });
});
