import sodium = require('libsodium-wrappers');
import { encodeBase64url } from './base64url';
import { ed25519PublicKeyRaw, generateEd25519KeyPair } from './keys';
import { keySetFingerprint, signKeySet } from './keyset';
import type { KeySetPayload } from './keyset-shape';
import { fingerprintSigningKey, verifyKeySet } from './keyset-verify';

beforeAll(async () => {
  await sodium.ready;
});

const signer = generateEd25519KeyPair();
const pin = keySetFingerprint(ed25519PublicKeyRaw(signer.publicKey));
const x25519 = (fill: number) => encodeBase64url(new Uint8Array(32).fill(fill));
const payload: KeySetPayload = {
  keys: [
    { kid: 'intake-2', publicKey: x25519(2), notAfter: null },
    { kid: 'intake-1', publicKey: x25519(1), notAfter: '2026-06-01T00:00:00Z' },
  ],
  current: 'intake-2',
  issuedAt: '2026-03-01T10:00:00.000Z',
};
const NOW = new Date('2026-03-01T10:00:00Z');

describe('intake key set: Node signs, browser code verifies', () => {
  it('accepts a document signed by signKeySet under the right pin and returns the current key bytes', async () => {
    const doc = signKeySet(payload, signer.privateKey);
    const result = await verifyKeySet(sodium, JSON.parse(JSON.stringify(doc)), pin, { now: NOW });
    expect(result).toEqual({ ok: true, current: { kid: 'intake-2', publicKey: new Uint8Array(32).fill(2) }, issuedAt: payload.issuedAt });
  });

  it('computes the same fingerprint in Node and in the browser path', async () => {
    const raw = ed25519PublicKeyRaw(signer.publicKey);
    expect(await fingerprintSigningKey(raw)).toBe(pin);
    expect(keySetFingerprint(encodeBase64url(raw))).toBe(pin);
    expect(pin).toMatch(/^sha256:[A-Za-z0-9_-]{43}$/);
  });

  it('bad-pin: a document signed by another key, even though its signature is valid', async () => {
    const doc = signKeySet(payload, generateEd25519KeyPair().privateKey);
    expect(await verifyKeySet(sodium, doc, pin, { now: NOW })).toEqual({ ok: false, reason: 'bad-pin' });
  });

  it('accepts any of several pins during a signing-key rotation', async () => {
    const doc = signKeySet(payload, signer.privateKey);
    expect((await verifyKeySet(sodium, doc, ['sha256:' + 'A'.repeat(43), pin], { now: NOW })).ok).toBe(true);
  });

  it('bad-signature: a tampered payload (current key swapped for an attacker key)', async () => {
    const doc = signKeySet(payload, signer.privateKey);
    const tampered = { ...doc, payload: { ...doc.payload, keys: [{ ...doc.payload.keys[0]!, publicKey: x25519(9) }, doc.payload.keys[1]!] } };
    expect(await verifyKeySet(sodium, tampered, pin, { now: NOW })).toEqual({ ok: false, reason: 'bad-signature' });
    const reordered = { ...doc, payload: { ...doc.payload, current: 'intake-1' } };
    expect(await verifyKeySet(sodium, reordered, pin, { now: NOW })).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('keeps verifying when only the JSON key order changes (signature is over canonical JSON)', async () => {
    const doc = signKeySet(payload, signer.privateKey);
    const { keys, current, issuedAt } = doc.payload;
    const shuffled = { sig: doc.sig, signingKey: doc.signingKey, payload: { issuedAt, current, keys } };
    expect((await verifyKeySet(sodium, shuffled, pin, { now: NOW })).ok).toBe(true);
  });

  it.each([
    ['not an object', 'keys'],
    ['an extra field', { extra: 1 }],
    ['a short public key', { payload: { ...payload, keys: [{ kid: 'intake-2', publicKey: encodeBase64url(new Uint8Array(31)), notAfter: null }] } }],
    ['a current kid that is not listed', { payload: { ...payload, current: 'intake-9' } }],
    ['duplicate kids', { payload: { ...payload, keys: [payload.keys[0], payload.keys[0]] } }],
    ['no keys', { payload: { ...payload, keys: [] } }],
    ['a truncated signature', { sig: 'AAAA' }],
  ])('malformed: %s', async (_label, change) => {
    const doc = signKeySet(payload, signer.privateKey);
    const candidate = typeof change === 'string' ? change : { ...doc, ...change };
    expect(await verifyKeySet(sodium, candidate, pin, { now: NOW })).toEqual({ ok: false, reason: 'malformed' });
  });

  it('no-current-key: the current key is past its notAfter', async () => {
    const expiring: KeySetPayload = { ...payload, current: 'intake-1' };
    const doc = signKeySet(expiring, signer.privateKey);
    expect((await verifyKeySet(sodium, doc, pin, { now: NOW })).ok).toBe(true);
    expect(await verifyKeySet(sodium, doc, pin, { now: new Date('2026-06-01T00:00:00Z') })).toEqual({ ok: false, reason: 'no-current-key' });
  });

  it('signKeySet refuses a payload that would not verify', () => {
    expect(() => signKeySet({ ...payload, current: 'missing' }, signer.privateKey)).toThrow();
    expect(() => signKeySet({ ...payload, issuedAt: 'now' }, signer.privateKey)).toThrow();
    expect(() => keySetFingerprint(new Uint8Array(31))).toThrow('32 bytes');
  });
});
