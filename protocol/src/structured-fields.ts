/**
 * The subset of RFC 8941 Structured Field Values that HTTP Message Signatures
 * and Content-Digest need: dictionaries whose members are items or inner
 * lists, with parameters; bare items of type integer, string, token, byte
 * sequence and boolean. Decimals are refused, and so are duplicate dictionary
 * keys or parameter names (RFC 8941 would let the last one win, which invites
 * two parties to read one header differently).
 */

export class StructuredFieldError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StructuredFieldError';
  }
}

export type BareItem =
  | { type: 'integer'; value: number }
  | { type: 'string'; value: string }
  | { type: 'token'; value: string }
  | { type: 'bytes'; value: Buffer }
  | { type: 'boolean'; value: boolean };

export type Parameters = Map<string, BareItem>;
export interface Item { kind: 'item'; value: BareItem; params: Parameters }
export interface InnerList { kind: 'inner-list'; items: Item[]; params: Parameters }
export type Dictionary = Map<string, Item | InnerList>;

const KEY_START = /[a-z*]/;
const KEY_CHAR = /[a-z0-9_\-.*]/;
const TOKEN_START = /[A-Za-z*]/;
const TOKEN_CHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z:/]/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const MAX_INTEGER_DIGITS = 15;

class Cursor {
  pos = 0;
  constructor(readonly text: string) {}
  get done(): boolean {
    return this.pos >= this.text.length;
  }
  peek(): string {
    return this.text.charAt(this.pos);
  }
  next(): string {
    return this.text.charAt(this.pos++);
  }
  skipSpaces(): void {
    while (this.peek() === ' ') this.pos++;
  }
  skipOws(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.pos++;
  }
  fail(what: string): never {
    throw new StructuredFieldError(`${what} at position ${this.pos}`);
  }
}

function parseKey(c: Cursor): string {
  if (!KEY_START.test(c.peek())) c.fail('expected a key');
  let key = c.next();
  while (!c.done && KEY_CHAR.test(c.peek())) key += c.next();
  return key;
}

function parseInteger(c: Cursor): BareItem {
  let digits = '';
  const negative = c.peek() === '-';
  if (negative) c.pos++;
  while (!c.done && c.peek() >= '0' && c.peek() <= '9') digits += c.next();
  if (digits.length === 0) c.fail('expected a digit');
  if (digits.length > MAX_INTEGER_DIGITS) c.fail('integer too long');
  if (c.peek() === '.') c.fail('decimals are not supported');
  return { type: 'integer', value: (negative ? -1 : 1) * Number(digits) };
}

function parseString(c: Cursor): BareItem {
  c.pos++; // opening quote
  let out = '';
  for (;;) {
    if (c.done) c.fail('unterminated string');
    const ch = c.next();
    if (ch === '"') return { type: 'string', value: out };
    if (ch === '\\') {
      const escaped = c.next();
      if (escaped !== '"' && escaped !== '\\') c.fail('invalid escape in string');
      out += escaped;
    } else {
      const code = ch.charCodeAt(0);
      if (code < 0x20 || code > 0x7e) c.fail('invalid character in string');
      out += ch;
    }
  }
}

function parseToken(c: Cursor): BareItem {
  let out = c.next();
  while (!c.done && TOKEN_CHAR.test(c.peek())) out += c.next();
  return { type: 'token', value: out };
}

function parseBytes(c: Cursor): BareItem {
  c.pos++; // opening colon
  const end = c.text.indexOf(':', c.pos);
  if (end < 0) c.fail('unterminated byte sequence');
  const b64 = c.text.slice(c.pos, end);
  if (!BASE64.test(b64)) c.fail('invalid base64 in byte sequence');
  const value = Buffer.from(b64, 'base64');
  // Refuse non-canonical encodings so one value has exactly one spelling.
  if (value.toString('base64') !== b64) c.fail('non-canonical base64 in byte sequence');
  c.pos = end + 1;
  return { type: 'bytes', value };
}

function parseBoolean(c: Cursor): BareItem {
  c.pos++; // '?'
  const ch = c.next();
  if (ch !== '0' && ch !== '1') c.fail('invalid boolean');
  return { type: 'boolean', value: ch === '1' };
}

function parseBareItem(c: Cursor): BareItem {
  const ch = c.peek();
  if (ch === '-' || (ch >= '0' && ch <= '9')) return parseInteger(c);
  if (ch === '"') return parseString(c);
  if (ch === ':') return parseBytes(c);
  if (ch === '?') return parseBoolean(c);
  if (TOKEN_START.test(ch)) return parseToken(c);
  return c.fail('expected a bare item');
}

function parseParameters(c: Cursor): Parameters {
  const params: Parameters = new Map();
  while (c.peek() === ';') {
    c.pos++;
    c.skipSpaces();
    const key = parseKey(c);
    let value: BareItem = { type: 'boolean', value: true };
    if (c.peek() === '=') {
      c.pos++;
      value = parseBareItem(c);
    }
    if (params.has(key)) c.fail(`duplicate parameter "${key}"`);
    params.set(key, value);
  }
  return params;
}

function parseItem(c: Cursor): Item {
  const value = parseBareItem(c);
  return { kind: 'item', value, params: parseParameters(c) };
}

function parseInnerList(c: Cursor): InnerList {
  c.pos++; // '('
  const items: Item[] = [];
  for (;;) {
    c.skipSpaces();
    if (c.done) c.fail('unterminated inner list');
    if (c.peek() === ')') {
      c.pos++;
      return { kind: 'inner-list', items, params: parseParameters(c) };
    }
    items.push(parseItem(c));
    if (c.peek() !== ' ' && c.peek() !== ')') c.fail('expected a space or ")" in inner list');
  }
}

/** Parses a Dictionary field value (all field lines already joined with ", "). */
export function parseDictionary(text: string): Dictionary {
  const c = new Cursor(text);
  const dict: Dictionary = new Map();
  c.skipSpaces();
  while (!c.done) {
    const key = parseKey(c);
    let member: Item | InnerList;
    if (c.peek() === '=') {
      c.pos++;
      member = c.peek() === '(' ? parseInnerList(c) : parseItem(c);
    } else {
      member = { kind: 'item', value: { type: 'boolean', value: true }, params: parseParameters(c) };
    }
    if (dict.has(key)) c.fail(`duplicate key "${key}"`);
    dict.set(key, member);
    c.skipOws();
    if (c.done) break;
    if (c.next() !== ',') c.fail('expected ","');
    c.skipOws();
    if (c.done) c.fail('trailing comma');
  }
  return dict;
}

export function serializeString(value: string): string {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code > 0x7e) throw new StructuredFieldError('strings may hold printable ASCII only');
  }
  return `"${value.replace(/[\\"]/g, (m) => `\\${m}`)}"`;
}

export type ParamValue = string | number | boolean;

function serializeParamValue(value: ParamValue): string {
  if (typeof value === 'string') return serializeString(value);
  if (typeof value === 'boolean') return value ? '?1' : '?0';
  if (!Number.isSafeInteger(value) || Math.abs(value) >= 1e15) throw new StructuredFieldError('integers must have at most 15 digits');
  return String(value);
}

/** Serializes parameters in the given order; `true` booleans use the bare-key form as RFC 8941 requires. */
export function serializeParameters(params: ReadonlyArray<readonly [string, ParamValue]>): string {
  return params
    .map(([key, value]) => {
      if (!/^[a-z*][a-z0-9_\-.*]*$/.test(key)) throw new StructuredFieldError(`invalid parameter name "${key}"`);
      return value === true ? `;${key}` : `;${key}=${serializeParamValue(value)}`;
    })
    .join('');
}

/** An inner list of plain strings followed by parameters: the shape of a signature's covered components. */
export function serializeInnerList(items: readonly string[], params: ReadonlyArray<readonly [string, ParamValue]>): string {
  return `(${items.map(serializeString).join(' ')})${serializeParameters(params)}`;
}

export function serializeBytes(value: Uint8Array): string {
  return `:${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64')}:`;
}
