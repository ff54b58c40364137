import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Base32Plugin, CryptoPlugin, HashAlgorithm } from '@otplib/core';

/*
 * otplib v13's umbrella package pulls in @scure/base, which ships as ESM only and
 * cannot be loaded by jest's CommonJS runtime. The TOTP engine itself
 * (@otplib/totp, same release) takes its crypto and base32 as plugins, so we hand
 * it node:crypto and an RFC 4648 codec and the whole portal loads everywhere.
 */

export const nodeCrypto: CryptoPlugin = {
  name: 'node-crypto',
  algorithms: ['sha1', 'sha256', 'sha512'],
  hmac(algorithm: HashAlgorithm, key: Uint8Array, data: Uint8Array): Uint8Array {
    return new Uint8Array(createHmac(algorithm, key).update(data).digest());
  },
  randomBytes(length: number): Uint8Array {
    return new Uint8Array(randomBytes(length));
  },
  constantTimeEqual(a: string | Uint8Array, b: string | Uint8Array): boolean {
    const x = typeof a === 'string' ? Buffer.from(a, 'utf8') : Buffer.from(a);
    const y = typeof b === 'string' ? Buffer.from(b, 'utf8') : Buffer.from(b);
    return x.length === y.length && timingSafeEqual(x, y);
  },
};

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 as authenticator apps read it (upper case, no padding). */
export const rfc4648Base32: Base32Plugin = {
  name: 'rfc4648',
  encode(data: Uint8Array, options?: { padding?: boolean }): string {
    let bits = 0;
    let value = 0;
    let out = '';
    for (const byte of data) {
      value = (value << 8) | byte;
      bits += 8;
      while (bits >= 5) {
        out += ALPHABET[(value >>> (bits - 5)) & 31];
        bits -= 5;
      }
    }
    if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
    if (options?.padding) while (out.length % 8 !== 0) out += '=';
    return out;
  },
  decode(str: string): Uint8Array {
    const clean = str.toUpperCase().replace(/=+$/, '').replace(/\s+/g, '');
    const out: number[] = [];
    let bits = 0;
    let value = 0;
    for (const ch of clean) {
      const idx = ALPHABET.indexOf(ch);
      if (idx < 0) throw new Error('Invalid Base32 string');
      value = (value << 5) | idx;
      bits += 5;
      if (bits >= 8) {
        out.push((value >>> (bits - 8)) & 0xff);
        bits -= 8;
      }
    }
    return new Uint8Array(out);
  },
};
