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

const encoder = new TextEncoder();

/** Where the serializer is: the objects being walked (for cycles) and the keys leading there (for errors). */
interface Walk {
  objects: object[];
  path: Array<string | number>;
}

function pathOf(walk: Walk): string {
  return `$${walk.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('')}`;
}

function serializeString(value: string, walk: Walk): string {
  if (LONE_SURROGATE.test(value)) throw new CanonicalJsonError('string holds a lone surrogate', pathOf(walk));
  // JSON.stringify's escaping of strings is exactly JCS's.
  return JSON.stringify(value);
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function serialize(value: unknown, walk: Walk): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError('non-finite number', pathOf(walk));
      // ECMAScript Number-to-String is JCS's number form; -0 becomes "0".
      return JSON.stringify(value);
    case 'string':
      return serializeString(value, walk);
    case 'object':
      break;
    default:
      throw new CanonicalJsonError(`unsupported value of type ${typeof value}`, pathOf(walk));
  }
  const obj = value as object;
  if (walk.objects.includes(obj)) throw new CanonicalJsonError('cyclic structure', pathOf(walk));
  walk.objects.push(obj);
  let out: string;
  if (Array.isArray(obj)) {
    out = '[';
    for (let i = 0; i < obj.length; i++) {
      walk.path.push(i);
      out += (i > 0 ? ',' : '') + serialize(obj[i], walk);
      walk.path.pop();
    }
    out += ']';
  } else {
    if (!isPlainObject(obj)) throw new CanonicalJsonError('only plain objects and arrays are allowed', pathOf(walk));
    const record = obj as Record<string, unknown>;
    // Default sort compares UTF-16 code units, which is what JCS prescribes.
    const keys = Object.keys(record).sort();
    out = '{';
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      walk.path.push(key);
      out += (i > 0 ? ',' : '') + serializeString(key, walk) + ':' + serialize(record[key], walk);
      walk.path.pop();
    }
    out += '}';
  }
  walk.objects.pop();
  return out;
}

/** The canonical JSON text of a value; throws CanonicalJsonError on values JSON cannot carry exactly. */
export function canonicalJson(value: unknown): string {
  return serialize(value, { objects: [], path: [] });
}

/** The UTF-8 bytes of canonicalJson(value): what gets hashed or signed. */
export function canonicalBytes(value: unknown): Uint8Array {
  return encoder.encode(canonicalJson(value));
}
