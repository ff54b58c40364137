import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'; // no 0/O, 1/I: read aloud and typed by hand

/**
 * Ten single-use codes of 16 characters from a 32-letter alphabet: 80 random
 * bits each, so a SHA-256 digest of one cannot be reversed by brute force and
 * needs no slow hash.
 */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const bytes = randomBytes(16);
    const chars = [...bytes].map((b) => ALPHABET[b % 32]).join('');
    return chars.match(/.{4}/g)!.join('-');
  });
}

/** Case, spaces and dashes do not matter when a code is typed back. */
export function normalizeRecoveryCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

export function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(normalizeRecoveryCode(code)).digest('hex');
}

/** The stored digests without the one that matches `code`, or undefined when none does. */
export function consumeRecoveryCode(stored: string[], code: string): string[] | undefined {
  const candidate = Buffer.from(hashRecoveryCode(code), 'hex');
  let match = -1;
  // Compare against every digest, in constant time each, so timing says nothing about which one matched.
  stored.forEach((h, i) => {
    const digest = Buffer.from(h, 'hex');
    if (digest.length === candidate.length && timingSafeEqual(digest, candidate) && match < 0) match = i;
  });
  return match < 0 ? undefined : stored.filter((_, i) => i !== match);
}
