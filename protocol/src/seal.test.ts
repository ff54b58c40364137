import sodium = require('libsodium-wrappers');
import { decodeBase64url, encodeBase64url } from './base64url';
import { goodPayload } from './envelope.fixtures';
import { buildEnvelope, openEnvelope, openPayload, SealError, sealPayload } from './seal';
import type { SealedPayload } from './envelope-shape';

let keys: { publicKey: Uint8Array; privateKey: Uint8Array };
beforeAll(async () => {
  await sodium.ready;
  keys = sodium.crypto_box_keypair();
});

const payload: SealedPayload = goodPayload;
const plaintextLength = (p: SealedPayload): number => new TextEncoder().encode(JSON.stringify(p)).length;

describe('sealPayload / openPayload', () => {
  it('round-trips and the ciphertext is exactly the plaintext plus 48 bytes', () => {
    const ct = sealPayload(sodium, keys.publicKey, payload);
    expect(ct.length).toBe(plaintextLength(payload) + 48);
    expect(openPayload(sodium, ct, keys.publicKey, keys.privateKey)).toEqual(payload);
  });

  it('leaves no answer readable in the ciphertext', () => {
    const ct = Buffer.from(sealPayload(sodium, keys.publicKey, payload));
    expect(ct.includes(Buffer.from('A. Patient'))).toBe(false);
  });

  it('is randomized: two seals of the same answers differ', () => {
    const a = encodeBase64url(sealPayload(sodium, keys.publicKey, payload));
    const b = encodeBase64url(sealPayload(sodium, keys.publicKey, payload));
    expect(a).not.toBe(b);
  });

  it('fails to open with another key pair', () => {
    const other = sodium.crypto_box_keypair();
    const ct = sealPayload(sodium, keys.publicKey, payload);
    expect(() => openPayload(sodium, ct, other.publicKey, other.privateKey)).toThrow('does not open');
  });

  it('fails to open a tampered box', () => {
    const ct = sealPayload(sodium, keys.publicKey, payload);
    ct[ct.length - 1] = (ct[ct.length - 1] ?? 0) ^ 1;
    expect(() => openPayload(sodium, ct, keys.publicKey, keys.privateKey)).toThrow(SealError);
  });

  it('refuses a box whose plaintext is not a valid payload, without echoing it', () => {
    const ct = sodium.crypto_box_seal(new TextEncoder().encode('{"form":"x","secret":"PHI-CANARY"}'), keys.publicKey);
    let message = '';
    try {
      openPayload(sodium, ct, keys.publicKey, keys.privateKey);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/schema/);
    expect(message).not.toContain('PHI-CANARY');
    const notJson = sodium.crypto_box_seal(new TextEncoder().encode('not json'), keys.publicKey);
    expect(() => openPayload(sodium, notJson, keys.publicKey, keys.privateKey)).toThrow('not UTF-8 JSON');
  });

  it('refuses to seal to a key of the wrong size or an invalid payload', () => {
    expect(() => sealPayload(sodium, keys.publicKey.slice(0, 31), payload)).toThrow('32 bytes');
    expect(() => sealPayload(sodium, keys.publicKey, { ...payload, answers: { n: 1 } } as unknown as SealedPayload)).toThrow(SealError);
  });
});

describe('buildEnvelope / openEnvelope', () => {
  const base = { id: '0190f1c4-8a3b-7c2d-9e4f-5a6b7c8d9e0f', form: 'new-patient', kid: 'intake-1' };

  it('builds a valid envelope whose sealed form repeats the outer form', () => {
    const { form: _omit, ...rest } = payload;
    const envelope = buildEnvelope(sodium, { ...base, publicKey: keys.publicKey, payload: rest });
    expect(envelope).toMatchObject({ v: 1, ...base });
    const opened = openPayload(sodium, decodeBase64url(envelope.ct), keys.publicKey, keys.privateKey);
    expect(opened.form).toBe('new-patient');
    expect(openEnvelope(sodium, envelope, keys.publicKey, keys.privateKey)).toEqual(payload);
  });

  it('refuses a payload form that differs from the envelope form', () => {
    expect(() => buildEnvelope(sodium, { ...base, publicKey: keys.publicKey, payload: { ...payload, form: 'other' } })).toThrow(
      'differs',
    );
  });

  it('refuses a malformed id', () => {
    expect(() => buildEnvelope(sodium, { ...base, id: 'NOT-A-UUID', publicKey: keys.publicKey, payload })).toThrow('malformed');
  });

  it('portal side refuses an envelope relabelled to another form', () => {
    const envelope = buildEnvelope(sodium, { ...base, publicKey: keys.publicKey, payload });
    expect(() => openEnvelope(sodium, { ...envelope, form: 'other-form' }, keys.publicKey, keys.privateKey)).toThrow('differs');
  });
});
