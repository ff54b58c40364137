import { createPrivateKey, createPublicKey, sign } from 'node:crypto';
import { fieldValue, signatureBase, signatureParamsValue, targetUri } from './signature-base';
import { serializeBytes } from './structured-fields';

// RFC 9421 Appendix B.1.4, "Example Ed25519 Test Key" (test-key-ed25519).
const RFC_PRIVATE_PEM = '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF\n-----END PRIVATE KEY-----\n';
const RFC_PUBLIC_PEM = '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs=\n-----END PUBLIC KEY-----\n';

describe('RFC 9421 Appendix B.2.6 known answer (Ed25519)', () => {
  const expectedBase = [
    '"date": Tue, 20 Apr 2021 02:07:55 GMT',
    '"@method": POST',
    '"@path": /foo',
    '"@authority": example.com',
    '"content-type": application/json',
    '"content-length": 18',
    '"@signature-params": ("date" "@method" "@path" "@authority" "content-type" "content-length");created=1618884473;keyid="test-key-ed25519"',
  ].join('\n');
  const expectedSignature = 'wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==';

  it('builds the signature base byte for byte and reproduces the signature', () => {
    const params = signatureParamsValue(['date', '@method', '@path', '@authority', 'content-type', 'content-length'], [
      ['created', 1618884473],
      ['keyid', 'test-key-ed25519'],
    ]);
    const base = signatureBase(
      [
        { name: 'date', value: 'Tue, 20 Apr 2021 02:07:55 GMT' },
        { name: '@method', value: 'POST' },
        { name: '@path', value: '/foo' },
        { name: '@authority', value: 'example.com' },
        { name: 'content-type', value: 'application/json' },
        { name: 'content-length', value: '18' },
      ],
      params,
    );
    expect(base).toBe(expectedBase);
    const signature = sign(null, Buffer.from(base), createPrivateKey(RFC_PRIVATE_PEM));
    expect(`sig-b26=${serializeBytes(signature)}`).toBe(`sig-b26=:${expectedSignature}:`);
    expect(createPublicKey(RFC_PRIVATE_PEM).export({ type: 'spki', format: 'pem' })).toBe(RFC_PUBLIC_PEM);
  });
});

describe('signature base details', () => {
  it('refuses a line break in a component value, which could forge another line', () => {
    expect(() => signatureBase([{ name: 'content-type', value: 'a\n"@method": GET' }], '()')).toThrow('line break');
  });

  it('refuses a component covered twice or an uppercase name', () => {
    expect(() => signatureBase([{ name: 'a', value: '1' }, { name: 'a', value: '1' }], '()')).toThrow('twice');
    expect(() => signatureBase([{ name: 'Content-Type', value: 'x' }], '()')).toThrow('invalid component');
  });

  it('joins multi-line field values and trims them', () => {
    expect(fieldValue([' a ', 'b'])).toBe('a, b');
    expect(fieldValue(undefined)).toBeUndefined();
  });

  it('normalizes the target URI the same way on both sides', () => {
    expect(targetUri('HTTP://Example.COM:80/foo?x=1')).toBe('http://example.com/foo?x=1');
  });
});
