import { parseDictionary, serializeBytes, serializeInnerList, serializeString, StructuredFieldError, type InnerList, type Item } from './structured-fields';

describe('parseDictionary', () => {
  it('parses a Signature-Input style member: inner list of strings with parameters', () => {
    const dict = parseDictionary('sig1=("@method" "@target-uri");created=1618884473;keyid="test-key";alg="ed25519"');
    const sig = dict.get('sig1') as InnerList;
    expect(sig.kind).toBe('inner-list');
    expect(sig.items.map((i) => i.value)).toEqual([
      { type: 'string', value: '@method' },
      { type: 'string', value: '@target-uri' },
    ]);
    expect(Object.fromEntries(sig.params)).toEqual({
      created: { type: 'integer', value: 1618884473 },
      keyid: { type: 'string', value: 'test-key' },
      alg: { type: 'string', value: 'ed25519' },
    });
  });

  it('parses byte sequences, tokens, booleans, bare keys and several members', () => {
    const dict = parseDictionary('sha-256=:AAEC:,  a=tok/en:1, b, c=?0;x, d=-12');
    expect((dict.get('sha-256') as Item).value).toEqual({ type: 'bytes', value: Buffer.from([0, 1, 2]) });
    expect((dict.get('a') as Item).value).toEqual({ type: 'token', value: 'tok/en:1' });
    expect((dict.get('b') as Item).value).toEqual({ type: 'boolean', value: true });
    expect((dict.get('c') as Item).params.get('x')).toEqual({ type: 'boolean', value: true });
    expect((dict.get('d') as Item).value).toEqual({ type: 'integer', value: -12 });
  });

  it('unescapes strings', () => {
    expect((parseDictionary('a="x\\"y\\\\z"').get('a') as Item).value).toEqual({ type: 'string', value: 'x"y\\z' });
  });

  it.each([
    ['a duplicate key', 'a=1, a=2'],
    ['a duplicate parameter', 'a=1;x=1;x=2'],
    ['a decimal', 'a=1.5'],
    ['an integer of 16 digits', 'a=1234567890123456'],
    ['an uppercase key', 'Sig1=1'],
    ['a trailing comma', 'a=1,'],
    ['garbage after a member', 'a=1 b=2'],
    ['an unterminated string', 'a="abc'],
    ['a bad escape', 'a="\\n"'],
    ['a control character in a string', 'a="a\tb"'],
    ['a non-ASCII character in a string', 'a="é"'],
    ['an unterminated inner list', 'a=("x" "y"'],
    ['items not separated by a space', 'a=("x""y")'],
    ['invalid base64', 'a=:***:'],
    ['unpadded base64', 'a=:AAE:'],
    ['non-canonical base64', 'a=:AAF=:'],
    ['a bad boolean', 'a=?2'],
    ['an empty value', 'a='],
    ['leading tab', '\ta=1'],
  ])('refuses %s', (_label, text) => {
    expect(() => parseDictionary(text)).toThrow(StructuredFieldError);
  });

  it('accepts an empty field and surrounding spaces', () => {
    expect(parseDictionary('').size).toBe(0);
    expect(parseDictionary('  a=1  ').size).toBe(1);
  });
});

describe('serializers', () => {
  it('serializes inner lists with ordered parameters and round-trips through the parser', () => {
    const text = serializeInnerList(['@method', 'content-digest'], [
      ['created', 1],
      ['keyid', 'k"1'],
      ['flag', true],
      ['off', false],
    ]);
    expect(text).toBe('("@method" "content-digest");created=1;keyid="k\\"1";flag;off=?0');
    const parsed = parseDictionary(`sig1=${text}`).get('sig1') as InnerList;
    expect(parsed.params.get('keyid')).toEqual({ type: 'string', value: 'k"1' });
  });

  it('refuses values a structured field cannot carry', () => {
    expect(() => serializeString('line\nbreak')).toThrow(StructuredFieldError);
    expect(() => serializeInnerList([], [['created', 1.5]])).toThrow(StructuredFieldError);
    expect(() => serializeInnerList([], [['Bad', 1]])).toThrow(StructuredFieldError);
  });

  it('serializes byte sequences as padded base64 between colons', () => {
    expect(serializeBytes(Uint8Array.from([0, 1, 2, 3]))).toBe(':AAECAw==:');
  });
});
