import { CanonicalJsonError, canonicalBytes, canonicalJson } from './canonical';

describe('canonical JSON', () => {
  it('sorts keys recursively and drops whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}',
    );
  });

  it('gives the same bytes for the same data whatever the insertion order', () => {
    const one = canonicalBytes({ id: 'x', digest: 'y', receivedAt: 'z' });
    const two = canonicalBytes({ receivedAt: 'z', id: 'x', digest: 'y' });
    expect(Buffer.from(one).equals(Buffer.from(two))).toBe(true);
  });

  it('sorts keys by UTF-16 code units as RFC 8785 does', () => {
    // RFC 8785 §3.2.3 sorting example: "\r" < "1" < "\u0080" < "\u00f6" < "\u20ac" < "\ud83d\ude00" < "\ufb33".
    const value = { '\u20ac': 1, '\r': 2, '\ufb33': 3, '1': 4, '\ud83d\ude00': 5, '\u0080': 6, '\u00f6': 7 };
    expect(canonicalJson(value)).toBe('{"\\r":2,"1":4,"\u0080":6,"\u00f6":7,"\u20ac":1,"\ud83d\ude00":5,"\ufb33":3}');
  });

  it('formats numbers the ECMAScript way (RFC 8785 §3.2.2.3)', () => {
    expect(canonicalJson([1e21, 1e-7, 0.1, -0, 333333333.3333333, 100])).toBe('[1e+21,1e-7,0.1,0,333333333.3333333,100]');
  });

  it('escapes strings minimally and encodes UTF-8', () => {
    expect(canonicalJson('a"b\\c\n\u0001é€😀')).toBe('"a\\"b\\\\c\\n\\u0001é€😀"');
    expect(Array.from(canonicalBytes('é'))).toEqual([0x22, 0xc3, 0xa9, 0x22]);
  });

  it.each([
    ['undefined', undefined],
    ['a property set to undefined', { a: undefined }],
    ['NaN', Number.NaN],
    ['Infinity', [Number.POSITIVE_INFINITY]],
    ['bigint', { seq: 1n }],
    ['a function', { f: () => 1 }],
    ['a Date', { at: new Date(0) }],
    ['a Buffer', { b: Buffer.from('x') }],
    ['a lone surrogate', { s: '\ud800x' }],
    ['a lone surrogate in a key', { ['\udc00']: 1 }],
  ])('refuses %s', (_label, value) => {
    expect(() => canonicalJson(value)).toThrow(CanonicalJsonError);
  });

  it('refuses cycles but accepts a shared (acyclic) sub-object', () => {
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(/cyclic/);
  });

  it('names the path of the offending value', () => {
    expect(() => canonicalJson({ rows: [{ ok: 1 }, { bad: Number.NaN }] })).toThrow('$.rows[1].bad');
  });

  it('accepts null-prototype objects', () => {
    const bare = Object.create(null) as Record<string, unknown>;
    bare.k = 'v';
    expect(canonicalJson(bare)).toBe('{"k":"v"}');
  });
});
