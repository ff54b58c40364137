import { COMMON_PASSWORDS } from './common-passwords.data';

/** bcrypt (Strapi's admin password hash) ignores everything after 72 bytes: refuse rather than truncate. */
export const BCRYPT_MAX_BYTES = 72;

export interface PasswordRefusal {
  code: 'TOO_SHORT' | 'TOO_LONG' | 'COMMON';
  message: string;
}

let common: Set<string> | undefined;
const isCommon = (pw: string) => (common ??= new Set(COMMON_PASSWORDS.split('\n'))).has(pw.normalize('NFKC').toLowerCase());

/**
 * The admin password policy: long enough, and not on the list of common or
 * breached passwords. Length is the only rule: no character classes, no
 * expiry (NIST SP 800-63B 3.1.1.2), because they push people to predictable
 * patterns. Length counts characters as typed (code points).
 */
export function passwordRefusal(password: string, minLength: number): PasswordRefusal | undefined {
  if ([...password].length < minLength) {
    return { code: 'TOO_SHORT', message: `Use at least ${minLength} characters. A few unrelated words make a password that is long and easy to remember.` };
  }
  if (Buffer.byteLength(password, 'utf8') > BCRYPT_MAX_BYTES) {
    return { code: 'TOO_LONG', message: `Use at most ${BCRYPT_MAX_BYTES} bytes (about ${BCRYPT_MAX_BYTES} letters): longer passwords would be cut short when stored.` };
  }
  if (isCommon(password)) {
    return { code: 'COMMON', message: 'This password is on a list of common or breached passwords. Choose another one.' };
  }
  return undefined;
}
