import { COMMON_PASSWORDS_TEXT } from './common-passwords.data';

/** NIST SP 800-63B: at least 8 when MFA is mandatory, at least 64 accepted. */
export const PASSWORD_MIN_LENGTH = 8;
/** Far above 64 so passphrases fit, but bounded so nobody makes us hash megabytes. */
export const PASSWORD_MAX_LENGTH = 1024;

export type PasswordRefusal = 'too-short' | 'too-long' | 'common' | 'repetitive' | 'contextual';

export type PasswordCheck = { ok: true } | { ok: false; reason: PasswordRefusal; message: string };

let blocklist: Set<string> | undefined;
function commonPasswords(): Set<string> {
  blocklist ??= new Set(COMMON_PASSWORDS_TEXT.split('\n'));
  return blocklist;
}

/** Unicode passwords compare after NFKC so the same typed text always hashes the same. */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

function codePointLength(s: string): number {
  return [...s].length;
}

/** "aaaaaaaa", "abababab", "12345678", "87654321": what people type to get past a length rule. */
function isRepetitiveOrSequential(pw: string): boolean {
  const chars = [...pw.toLowerCase()];
  const distinct = new Set(chars);
  if (distinct.size <= 2) return true;
  const codes = chars.map((c) => c.codePointAt(0) ?? 0);
  const step = (codes[1] ?? 0) - (codes[0] ?? 0);
  if (Math.abs(step) !== 1) return false;
  return codes.every((c, i) => i === 0 || c - (codes[i - 1] ?? 0) === step);
}

export interface PasswordContext {
  email?: string;
  name?: string;
}

const SERVICE_WORDS = ['palisade'];

/**
 * The whole policy: length, blocklist, and context. No composition rules (NIST
 * 800-63B 3.1.1.2): they push people to predictable substitutions.
 */
export function checkPasswordPolicy(password: string, context: PasswordContext = {}): PasswordCheck {
  const pw = normalizePassword(password);
  const length = codePointLength(pw);
  if (length < PASSWORD_MIN_LENGTH) {
    return { ok: false, reason: 'too-short', message: `Use at least ${PASSWORD_MIN_LENGTH} characters.` };
  }
  if (length > PASSWORD_MAX_LENGTH) {
    return { ok: false, reason: 'too-long', message: `Use at most ${PASSWORD_MAX_LENGTH} characters.` };
  }
  const lower = pw.toLowerCase();
  if (commonPasswords().has(lower)) {
    return { ok: false, reason: 'common', message: 'This password is on a list of commonly used or breached passwords. Choose another one.' };
  }
  if (isRepetitiveOrSequential(pw)) {
    return { ok: false, reason: 'repetitive', message: 'This password is a repeated or sequential pattern. Choose another one.' };
  }
  const contextual = [...SERVICE_WORDS];
  const local = context.email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4) contextual.push(local);
  if (context.email) contextual.push(context.email.toLowerCase());
  const stripped = lower.replace(/[^\p{L}\p{N}]/gu, '');
  if (contextual.some((word) => stripped === word.replace(/[^\p{L}\p{N}]/gu, '') || lower === word)) {
    return { ok: false, reason: 'contextual', message: 'This password is your email or the name of this service. Choose another one.' };
  }
  return { ok: true };
}
