/**
 * Canonical JSON (the part of RFC 8785 JCS that Palisade needs): object keys
 * sorted by UTF-16 code units, no whitespace, ECMAScript number formatting,
 * UTF-8 bytes. Used wherever two programs must hash or sign "the same" JSON:
 * receipts, the intake key set, audit hash chains.
 *
 * Deliberately refuses anything whose JSON form is ambiguous or lossy instead of
 * quietly coercing it: undefined, functions, symbols, bigint, non-finite numbers,
 * strings with lone surrogates, and objects other than plain objects and arrays
 * (a Date read back from a database would otherwise hash differently from the
 * string that was written).
 */

export class CanonicalJsonError extends Error {
  constructor(message: string, readonly path: string) {
    super(`${message} at ${path}`);
    this.name = 'CanonicalJsonError';
  }
}

// A lone surrogate cannot be encoded as UTF-8; JCS treats it as an error.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function serializeString(value: string, path: string): string {
  if (LONE_SURROGATE.test(value)) throw new CanonicalJsonError('string holds a lone surrogate', path);
  // JSON.stringify's escaping of strings is exactly JCS's.
  return JSON.stringify(value);
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function serialize(value: unknown, path: string, seen: Set<object>): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError('non-finite number', path);
      // ECMAScript Number-to-String is JCS's number form; -0 becomes "0".
      return JSON.stringify(value);
    case 'string':
      return serializeString(value, path);
    case 'object':
      break;
    default:
      throw new CanonicalJsonError(`unsupported value of type ${typeof value}`, path);
  }
  const obj = value as object;
  if (seen.has(obj)) throw new CanonicalJsonError('cyclic structure', path);
  seen.add(obj);
  try {
    if (Array.isArray(obj)) {
      const items: string[] = [];
      for (let i = 0; i < obj.length; i++) items.push(serialize(obj[i], `${path}[${i}]`, seen));
      return `[${items.join(',')}]`;
    }
    if (!isPlainObject(obj)) throw new CanonicalJsonError('only plain objects and arrays are allowed', path);
    const record = obj as Record<string, unknown>;
    // Default sort compares UTF-16 code units, which is what JCS prescribes.
    const keys = Object.keys(record).sort();
    const members = keys.map((key) => `${serializeString(key, path)}:${serialize(record[key], `${path}.${key}`, seen)}`);
    return `{${members.join(',')}}`;
  } finally {
    seen.delete(obj);
  }
}

/** The canonical JSON text of a value; throws CanonicalJsonError on values JSON cannot carry exactly. */
export function canonicalJson(value: unknown): string {
  return serialize(value, '$', new Set());
}

/** The UTF-8 bytes of canonicalJson(value): what gets hashed or signed. */
export function canonicalBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(canonicalJson(value));
}
