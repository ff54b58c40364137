import fs from 'node:fs';
import path from 'node:path';
import sodium = require('libsodium-wrappers');
import { ed25519PublicKeyRaw, encodeBase64url, generateEd25519KeyPair, keySetFingerprint, openEnvelope, signKeySet, type EnvelopeV1 } from '@palisade/protocol';
import { buildWidget, runInBundle, WIDGET_DIR } from './helpers/widget-bundle';

// Key checks in the bundled widget itself (dist/widget/secure-forms.mjs, run by
// Node): a key set it cannot verify against the pin must make it refuse to encrypt.
const definition = {
  slug: 'new-patient-intake',
  title: 'New patient intake',
  publishedAt: '2026-03-01T10:00:00.000Z',
  fields: [{ key: 'fullName', label: 'Full name', type: 'text', required: true }],
};
const signer = generateEd25519KeyPair();
const pin = keySetFingerprint(ed25519PublicKeyRaw(signer.publicKey));
let intake: { publicKey: Uint8Array; privateKey: Uint8Array };
let good: ReturnType<typeof signKeySet>;

type Outcome = { ok: true; envelope: EnvelopeV1 } | { ok: false; code: string; message: string };
const ENCRYPT = `
  try {
    const def = widget.parseDefinition(input.definition);
    return { ok: true, envelope: await widget.encryptSubmission(def, { fullName: 'Ada Canary' }, { document: input.document, pin: input.pin }) };
  } catch (err) {
    return { ok: false, code: err.code, message: err.message };
  }
`;

beforeAll(async () => {
  buildWidget();
  await sodium.ready;
  intake = sodium.crypto_box_keypair();
  good = signKeySet(
    { keys: [{ kid: 'intake-1', publicKey: encodeBase64url(intake.publicKey), notAfter: null }], current: 'intake-1', issuedAt: new Date().toISOString() },
    signer.privateKey,
  );
});

describe('the bundled widget', () => {
  it('is one small entry file per form, with libsodium split off to load later', () => {
    const files = fs.readdirSync(WIDGET_DIR);
    expect(files).toEqual(expect.arrayContaining(['secure-forms.mjs', 'secure-forms.js', 'secure-forms-sodium.js']));
    const entry = fs.readFileSync(path.join(WIDGET_DIR, 'secure-forms.mjs'), 'utf8');
    expect(entry).toMatch(/import\("\.\/secure-forms-libsodium-wrappers-[A-Z0-9]+\.mjs"\)/);
    expect(entry.length).toBeLessThan(40_000);
    expect(fs.readFileSync(path.join(WIDGET_DIR, 'secure-forms.js'), 'utf8')).toMatch(/sha384-/);
  });

  it('encrypts under a key set signed by the pinned key, to the current kid', () => {
    const res = runInBundle<Outcome>(ENCRYPT, { definition, document: good, pin });
    if (!res.ok) throw new Error(`refused: ${res.code}`);
    expect(res.envelope.kid).toBe('intake-1');
    expect(JSON.stringify(res.envelope)).not.toContain('Ada Canary');
    expect(openEnvelope(sodium, res.envelope, intake.publicKey, intake.privateKey).answers).toEqual({ fullName: 'Ada Canary' });
  });

  it('refuses to encrypt when the key set signature fails', () => {
    const tampered = { ...good, payload: { ...good.payload, keys: [{ ...good.payload.keys[0]!, publicKey: encodeBase64url(new Uint8Array(32).fill(1)) }] } };
    const res = runInBundle<Outcome>(ENCRYPT, { definition, document: tampered, pin });
    expect(res).toEqual({ ok: false, code: 'keyset-bad-signature', message: expect.stringMatching(/could not be verified.*Nothing was sent/) });
  });

  it('refuses to encrypt when the signing key fingerprint differs from the pin', () => {
    const impostor = signKeySet(good.payload, generateEd25519KeyPair().privateKey);
    const res = runInBundle<Outcome>(ENCRYPT, { definition, document: impostor, pin });
    expect(res).toEqual({ ok: false, code: 'keyset-bad-pin', message: expect.stringMatching(/could not be verified/) });
  });

  it('refuses to encrypt when the key set is not a key set', () => {
    const res = runInBundle<Outcome>(ENCRYPT, { definition, document: { keys: [] }, pin });
    expect(res).toMatchObject({ ok: false, code: 'keyset-malformed' });
  });
});
