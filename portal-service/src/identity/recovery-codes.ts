import { createHash, randomInt } from 'node:crypto';

export const RECOVERY_CODE_COUNT = 10;
// Crockford base32: no I, L, O, U, so codes read aloud or retyped survive.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const GROUPS = 4;
const GROUP_LENGTH = 4;

/** 16 symbols x 5 bits = 80 bits per code, shown once as XXXX-XXXX-XXXX-XXXX. */
export function generateRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  const codes: string[] = [];
  for (let i = 0; i < count; i++) {
    const groups: string[] = [];
    for (let g = 0; g < GROUPS; g++) {
      let group = '';
      for (let c = 0; c < GROUP_LENGTH; c++) group += ALPHABET[randomInt(ALPHABET.length)];
      groups.push(group);
    }
    codes.push(groups.join('-'));
  }
  return codes;
}

/** Accepts what people type: lower case, spaces, missing dashes, O for 0, I/L for 1. */
export function normalizeRecoveryCode(input: string): string | undefined {
  const cleaned = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (cleaned.length !== GROUPS * GROUP_LENGTH) return undefined;
  for (const ch of cleaned) if (!ALPHABET.includes(ch)) return undefined;
  return cleaned;
}

/**
 * SHA-256, not argon2id: each code carries 80 random bits, so an attacker with
 * the table has no dictionary to try and 2^80 guesses per code; a slow hash
 * would add cost to every login without adding protection.
 */
export function hashRecoveryCode(input: string): string | undefined {
  const normalized = normalizeRecoveryCode(input);
  if (!normalized) return undefined;
  return createHash('sha256').update(`palisade-recovery:${normalized}`, 'utf8').digest('hex');
}
