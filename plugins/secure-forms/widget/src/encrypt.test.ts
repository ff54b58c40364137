import sodium = require('libsodium-wrappers');
import { ed25519PublicKeyRaw, encodeBase64url, generateEd25519KeyPair, keySetFingerprint, openEnvelope, signKeySet } from '@palisade/protocol';
import { parseDefinition } from './definition';
import { encryptSubmission } from './encrypt';

const definition = parseDefinition({
  slug: 'contact-us',
  title: 'Contact us',
  updatedAt: '2026-03-01T10:00:00.000Z',
  fields: [{ key: 'message', label: 'Message', type: 'textarea', required: true }],
});
const signer = generateEd25519KeyPair();
const pin = keySetFingerprint(ed25519PublicKeyRaw(signer.publicKey));

let intake: { publicKey: Uint8Array; privateKey: Uint8Array };
let document: ReturnType<typeof signKeySet>;

beforeAll(async () => {
  await sodium.ready;
  intake = sodium.crypto_box_keypair();
  document = signKeySet({ keys: [{ kid: 'k-1', publicKey: encodeBase64url(intake.publicKey), notAfter: null }], current: 'k-1', issuedAt: new Date().toISOString() }, signer.privateKey);
});

describe('encryptSubmission', () => {
  it('seals the answers to the current key: only the portal key opens them', async () => {
    const envelope = await encryptSubmission(definition, { message: 'hello' }, { document, pin }, { sodium });
    expect(envelope).toMatchObject({ v: 1, form: 'contact-us', kid: 'k-1' });
    expect(envelope.ct).not.toContain('hello');
    const opened = openEnvelope(sodium, envelope, intake.publicKey, intake.privateKey);
    expect(opened).toMatchObject({ form: 'contact-us', formVersion: '2026-03-01T10:00:00.000Z', answers: { message: 'hello' } });
  });

  it('refuses to encrypt under a key set signed by another key (pin mismatch)', async () => {
    const other = signKeySet(document.payload, generateEd25519KeyPair().privateKey);
    await expect(encryptSubmission(definition, { message: 'hello' }, { document: other, pin }, { sodium })).rejects.toMatchObject({ code: 'keyset-bad-pin' });
  });

  it('refuses to encrypt under a key set whose signature fails', async () => {
    const tampered = { ...document, payload: { ...document.payload, keys: [{ ...document.payload.keys[0]!, publicKey: encodeBase64url(new Uint8Array(32).fill(9)) }] } };
    await expect(encryptSubmission(definition, { message: 'hello' }, { document: tampered, pin }, { sodium })).rejects.toMatchObject({
      code: 'keyset-bad-signature',
    });
  });

  it('refuses invalid answers before touching any key', async () => {
    await expect(encryptSubmission(definition, { message: ' ' }, { document, pin }, { sodium })).rejects.toMatchObject({
      code: 'invalid-answers',
      fieldErrors: { message: 'This field is required.' },
    });
  });
});
