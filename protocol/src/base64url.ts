/**
 * Strict base64url (RFC 4648 §5) without padding, in pure code so the widget
 * bundle needs neither Buffer nor btoa.
 *
 * Decoding is canonical: padding, characters outside the alphabet, an impossible
 * length and non-zero trailing bits are all refused. That makes the text form of
 * a byte string unique, which the receipt digest relies on (a ciphertext
 * re-encoded by the portal must give back the very string the CMS sent).
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

const LOOKUP: Int16Array = (() => {
  const table = new Int16Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) table[ALPHABET.charCodeAt(i)] = i;
  return table;
})();

export class Base64urlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Base64urlError';
  }
}

export function encodeBase64url(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]!;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]!;
  }
  return out;
}

function sextet(text: string, index: number): number {
  const code = text.charCodeAt(index);
  const value = code < 128 ? LOOKUP[code]! : -1;
  if (value < 0) throw new Base64urlError(`invalid base64url character at position ${index}`);
  return value;
}

/** Decodes canonical unpadded base64url; throws Base64urlError on anything else. */
export function decodeBase64url(text: string): Uint8Array {
  if (typeof text !== 'string') throw new Base64urlError('base64url input must be a string');
  const rest = text.length % 4;
  if (rest === 1) throw new Base64urlError('invalid base64url length');
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let o = 0;
  let i = 0;
  for (; i + 3 < text.length; i += 4) {
    const n = (sextet(text, i) << 18) | (sextet(text, i + 1) << 12) | (sextet(text, i + 2) << 6) | sextet(text, i + 3);
    out[o++] = (n >> 16) & 255;
    out[o++] = (n >> 8) & 255;
    out[o++] = n & 255;
  }
  if (rest === 2) {
    const a = sextet(text, i);
    const b = sextet(text, i + 1);
    if ((b & 15) !== 0) throw new Base64urlError('non-canonical base64url (trailing bits set)');
    out[o++] = (a << 2) | (b >> 4);
  } else if (rest === 3) {
    const a = sextet(text, i);
    const b = sextet(text, i + 1);
    const c = sextet(text, i + 2);
    if ((c & 3) !== 0) throw new Base64urlError('non-canonical base64url (trailing bits set)');
    const n = (a << 18) | (b << 12) | (c << 6);
    out[o++] = (n >> 16) & 255;
    out[o++] = (n >> 8) & 255;
  }
  return out;
}

/** Like decodeBase64url, but answers undefined instead of throwing (for validators). */
export function tryDecodeBase64url(text: unknown): Uint8Array | undefined {
  if (typeof text !== 'string') return undefined;
  try {
    return decodeBase64url(text);
  } catch {
    return undefined;
  }
}

/** Length in bytes of a canonical base64url string, or undefined if it is not one. */
export function base64urlByteLength(text: unknown): number | undefined {
  return tryDecodeBase64url(text)?.length;
}
