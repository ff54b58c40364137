import { contentDigest, parseContentDigest, verifyContentDigest } from './digest';

describe('Content-Digest (RFC 9530)', () => {
  it('reproduces the RFC 9530 sha-256 example for {"hello": "world"}', () => {
    expect(contentDigest('{"hello": "world"}')).toBe('sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:');
    expect(contentDigest(Buffer.from('{"hello": "world"}'))).toBe('sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:');
  });

  it('verifies the digest of the same body and refuses a changed body', () => {
    const header = contentDigest('{"a":1}');
    expect(verifyContentDigest(header, Buffer.from('{"a":1}'))).toBe(true);
    expect(verifyContentDigest(header, Buffer.from('{"a":2}'))).toBe(false);
    expect(verifyContentDigest(header, Buffer.from('{"a":1} '))).toBe(false);
  });

  it.each([
    ['a missing header', undefined],
    ['sha-512 only', 'sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:'],
    ['sha-256 plus another algorithm', 'sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:, sha-512=:AAAA:'],
    ['a token instead of bytes', 'sha-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE'],
    ['a truncated digest', 'sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWx:'],
    ['the legacy Digest syntax', 'SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE='],
    ['a parameter on the digest', 'sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:;x=1'],
  ])('refuses %s', (_label, header) => {
    expect(parseContentDigest(header)).toBeUndefined();
    expect(verifyContentDigest(header, '{"hello": "world"}')).toBe(false);
  });
});
