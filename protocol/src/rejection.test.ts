import { encodeBase64url } from './base64url';
import { goodEnvelope } from './envelope.fixtures';
import { generateEd25519KeyPair } from './keys';
import { envelopeDigest, receiptSigningBytes, signReceipt, verifyReceipt } from './receipt';
import { rejectionSigningBytes, signRejection, verifyRejection, type RejectionFields } from './rejection';

const portal = generateEd25519KeyPair();
const resolve = (kid: string) => (kid === 'receipt-1' ? portal.publicKey : undefined);
const digest = envelopeDigest(goodEnvelope);
const expected = { id: goodEnvelope.id, digest };
const fields: RejectionFields = { id: goodEnvelope.id, digest, reason: 'sealed-box', rejectedAt: '2026-03-01T10:00:00.000Z' };
const signer = { kid: 'receipt-1', privateKey: portal.privateKey };

describe('rejections', () => {
  it('signs canonical JSON of type, id, digest, reason and rejectedAt', () => {
    expect(new TextDecoder().decode(rejectionSigningBytes(fields))).toBe(
      `{"digest":"${digest}","id":"${goodEnvelope.id}","reason":"sealed-box","rejectedAt":"2026-03-01T10:00:00.000Z","type":"rejection"}`,
    );
  });

  it('round-trips for both final reasons, also through JSON', () => {
    for (const reason of ['sealed-box', 'form-mismatch'] as const) {
      const rejection = signRejection({ ...fields, reason }, signer);
      expect(rejection).toMatchObject({ ...fields, reason, kid: 'receipt-1' });
      expect(verifyRejection(rejection, resolve, expected)).toBe(true);
      expect(verifyRejection(JSON.parse(JSON.stringify(rejection)), resolve, expected)).toBe(true);
    }
  });

  it('is false for another id or digest than the row the CMS holds', () => {
    const rejection = signRejection(fields, signer);
    expect(verifyRejection(rejection, resolve, { id: '00000000-0000-4000-8000-000000000000', digest })).toBe(false);
    expect(verifyRejection(rejection, resolve, { id: goodEnvelope.id, digest: envelopeDigest({ ...goodEnvelope, form: 'x' }) })).toBe(false);
  });

  it('is false for any tampered field, a reason outside the final enum, a foreign key, or junk', () => {
    const rejection = signRejection(fields, signer);
    const tampered: unknown[] = [
      { ...rejection, reason: 'form-mismatch' },
      { ...rejection, reason: 'retired-kid' },
      { ...rejection, rejectedAt: '2026-03-01T10:00:01.000Z' },
      { ...rejection, kid: 'receipt-2' },
      { ...rejection, sig: encodeBase64url(new Uint8Array(64)) },
      { ...rejection, extra: true },
      { ...rejection, type: 'rejection' },
      null,
      'rejection',
    ];
    for (const candidate of tampered) expect(verifyRejection(candidate, resolve, expected)).toBe(false);
    expect(verifyRejection(signRejection(fields, { ...signer, privateKey: generateEd25519KeyPair().privateKey }), resolve, expected)).toBe(false);
    expect(verifyRejection(rejection, () => { throw new Error('resolver down'); }, expected)).toBe(false);
  });

  it('refuses to sign a reason that is not final', () => {
    for (const reason of ['retired-kid', 'unknown-kid', 'unknown-form', 'schema']) {
      expect(() => signRejection({ ...fields, reason } as unknown as RejectionFields, signer)).toThrow();
    }
  });

  it('a receipt signature never passes as a rejection, nor a rejection signature as a receipt', () => {
    const receipt = signReceipt({ id: goodEnvelope.id, digest, receivedAt: fields.rejectedAt }, signer);
    // The receipt's signature moved onto rejection fields with the same id, digest and time.
    for (const reason of ['sealed-box', 'form-mismatch'] as const) {
      expect(verifyRejection({ ...fields, reason, kid: receipt.kid, sig: receipt.sig }, resolve, expected)).toBe(false);
    }
    expect(verifyRejection({ ...receipt, reason: 'sealed-box', rejectedAt: receipt.receivedAt }, resolve, expected)).toBe(false);

    const rejection = signRejection(fields, signer);
    const asReceipt = { id: rejection.id, digest: rejection.digest, receivedAt: rejection.rejectedAt, kid: rejection.kid, sig: rejection.sig };
    expect(verifyReceipt(asReceipt, resolve, expected)).toBe(false);
    // And the signed bytes themselves differ for the same id, digest and time.
    expect(Buffer.from(rejectionSigningBytes(fields)).equals(Buffer.from(receiptSigningBytes({ id: fields.id, digest, receivedAt: fields.rejectedAt })))).toBe(false);
  });
});
