import { encodeBase64url } from './base64url';
import { goodEnvelope } from './envelope.fixtures';
import { generateEd25519KeyPair } from './keys';
import { envelopeDigest, receiptSigningBytes, signReceipt, verifyReceipt, type Receipt } from './receipt';

const portal = generateEd25519KeyPair();
const resolve = (kid: string) => (kid === 'receipt-1' ? portal.publicKey : undefined);
const fields = { id: goodEnvelope.id, digest: envelopeDigest(goodEnvelope), receivedAt: '2026-03-01T10:00:00.000Z' };

describe('envelopeDigest', () => {
  it('does not depend on key order and changes with any field', () => {
    const reordered = { ct: goodEnvelope.ct, kid: goodEnvelope.kid, form: goodEnvelope.form, id: goodEnvelope.id, v: 1 as const };
    expect(envelopeDigest(reordered)).toBe(envelopeDigest(goodEnvelope));
    expect(envelopeDigest(goodEnvelope)).toMatch(/^sha256:[A-Za-z0-9_-]{43}$/);
    for (const change of [{ form: 'other' }, { kid: 'k2' }, { id: '00000000-0000-4000-8000-000000000000' }, { ct: `${goodEnvelope.ct}AAAA` }]) {
      expect(envelopeDigest({ ...goodEnvelope, ...change })).not.toBe(envelopeDigest(goodEnvelope));
    }
  });
});

describe('receipts', () => {
  it('signs canonical JSON of exactly id, digest and receivedAt', () => {
    expect(new TextDecoder().decode(receiptSigningBytes({ ...fields, extra: 'ignored' } as typeof fields))).toBe(
      `{"digest":"${fields.digest}","id":"${fields.id}","receivedAt":"2026-03-01T10:00:00.000Z"}`,
    );
  });

  it('round-trips: a signed receipt verifies, with and without the expected id/digest', () => {
    const receipt = signReceipt(fields, { kid: 'receipt-1', privateKey: portal.privateKey });
    expect(receipt).toMatchObject({ ...fields, kid: 'receipt-1' });
    expect(verifyReceipt(receipt, resolve)).toBe(true);
    expect(verifyReceipt(receipt, resolve, { id: fields.id, digest: fields.digest })).toBe(true);
    expect(verifyReceipt(JSON.parse(JSON.stringify(receipt)), resolve)).toBe(true);
  });

  it('is false for a receipt about another submission or other bytes', () => {
    const receipt = signReceipt(fields, { kid: 'receipt-1', privateKey: portal.privateKey });
    expect(verifyReceipt(receipt, resolve, { id: '00000000-0000-4000-8000-000000000000', digest: fields.digest })).toBe(false);
    expect(verifyReceipt(receipt, resolve, { id: fields.id, digest: envelopeDigest({ ...goodEnvelope, form: 'x' }) })).toBe(false);
  });

  it('is false for any tampered field, an unknown kid, a foreign key, or junk', () => {
    const receipt = signReceipt(fields, { kid: 'receipt-1', privateKey: portal.privateKey });
    const tampered: unknown[] = [
      { ...receipt, receivedAt: '2026-03-01T10:00:01.000Z' },
      { ...receipt, digest: envelopeDigest({ ...goodEnvelope, kid: 'x' }) },
      { ...receipt, id: '00000000-0000-4000-8000-000000000000' },
      { ...receipt, kid: 'receipt-2' },
      { ...receipt, sig: encodeBase64url(new Uint8Array(64)) },
      { ...receipt, extra: true },
      { ...receipt, sig: undefined },
      null,
      'receipt',
    ];
    for (const candidate of tampered) expect(verifyReceipt(candidate, resolve)).toBe(false);
    const foreign = signReceipt(fields, { kid: 'receipt-1', privateKey: generateEd25519KeyPair().privateKey });
    expect(verifyReceipt(foreign, resolve)).toBe(false);
    expect(verifyReceipt(receipt, () => { throw new Error('resolver down'); })).toBe(false);
  });

  it('refuses to sign a malformed receipt', () => {
    expect(() => signReceipt({ ...fields, receivedAt: 'yesterday' }, { kid: 'receipt-1', privateKey: portal.privateKey })).toThrow();
    expect(() => signReceipt({ ...fields, digest: 'md5:x' } as Receipt, { kid: 'receipt-1', privateKey: portal.privateKey })).toThrow();
  });
});
