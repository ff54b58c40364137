import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Base32Plugin, CryptoPlugin, HashAlgorithm } from '@otplib/core';

/*
 * otplib 13's umbrella entry loads @scure/base, an ESM-only package that jest's
 * CommonJS runtime (and so every test that boots Strapi) cannot load. Its TOTP
 * engine, @otplib/totp from the same release, takes crypto and base32 as
 * plugins: these two give it node:crypto and RFC 4648 base32.
 */

export const nodeHmac: CryptoPlugin = {
  name: 'node:crypto',
  algorithms: ['sha1', 'sha256', 'sha512'],
  hmac: (algorithm: HashAlgorithm, key: Uint8Array, data: Uint8Array) => new Uint8Array(createHmac(algorithm, key).update(data).digest()),
  randomBytes: (length: number) => new Uint8Array(randomBytes(length)),
  constantTimeEqual(a: string | Uint8Array, b: string | Uint8Array) {
    const x = Buffer.from(typeof a === 'string' ? Buffer.from(a) : a);
    const y = Buffer.from(typeof b === 'string' ? Buffer.from(b) : b);
    return x.length === y.length && timingSafeEqual(x, y);
  },
};

const RFC4648 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export const base32: Base32Plugin = {
  name: 'rfc4648',
  encode(data: Uint8Array, options?: { padding?: boolean }) {
    let out = '';
    for (let i = 0; i < data.length; i += 5) {
      const chunk = [...data.subarray(i, i + 5)];
      const bits = chunk.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n) << BigInt((5 - chunk.length) * 8);
      const chars = Math.ceil((chunk.length * 8) / 5);
      for (let c = 0; c < chars; c++) out += RFC4648[Number((bits >> BigInt(35 - c * 5)) & 31n)];
    }
    return options?.padding ? out.padEnd(Math.ceil(out.length / 8) * 8, '=') : out;
  },
  decode(text: string) {
    const clean = text.toUpperCase().replace(/[\s=]/g, '');
    const bytes: number[] = [];
    let acc = 0;
    let bits = 0;
    for (const ch of clean) {
      const v = RFC4648.indexOf(ch);
      if (v < 0) throw new Error('Invalid base32 character');
      acc = ((acc << 5) | v) & 0xffff;
      bits += 5;
      if (bits >= 8) {
        bits -= 8;
        bytes.push((acc >> bits) & 0xff);
      }
    }
    return new Uint8Array(bytes);
  },
};
