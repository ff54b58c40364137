/** Shared good/bad envelope and payload cases so the zod schema and the browser guard are held to one list. */
import { encodeBase64url } from './base64url';
import type { EnvelopeV1 } from './envelope-shape';

export const goodEnvelope: EnvelopeV1 = {
  v: 1,
  id: '0190f1c4-8a3b-7c2d-9e4f-5a6b7c8d9e0f',
  form: 'new-patient',
  kid: 'intake-2026-01',
  ct: encodeBase64url(new Uint8Array(48).fill(7)),
};

export const badEnvelopes: Array<[string, unknown]> = [
  ['not an object', 'envelope'],
  ['an array', [goodEnvelope]],
  ['null', null],
  ['an unknown key', { ...goodEnvelope, extra: 1 }],
  ['a missing key', { v: 1, id: goodEnvelope.id, form: 'a', kid: 'k' }],
  ['a missing v', { id: goodEnvelope.id, form: goodEnvelope.form, kid: goodEnvelope.kid, ct: goodEnvelope.ct }],
  ['version 2', { ...goodEnvelope, v: 2 }],
  ['version as string', { ...goodEnvelope, v: '1' }],
  ['an uppercase UUID', { ...goodEnvelope, id: goodEnvelope.id.toUpperCase() }],
  ['a braced UUID', { ...goodEnvelope, id: `{${goodEnvelope.id}}` }],
  ['a UUID without dashes', { ...goodEnvelope, id: goodEnvelope.id.replace(/-/g, '') }],
  ['a form slug starting with a dash', { ...goodEnvelope, form: '-intake' }],
  ['a form slug with uppercase', { ...goodEnvelope, form: 'Intake' }],
  ['a form slug of 129 characters', { ...goodEnvelope, form: 'a'.repeat(129) }],
  ['a kid with a slash', { ...goodEnvelope, kid: 'a/b' }],
  ['a kid of 65 characters', { ...goodEnvelope, kid: 'k'.repeat(65) }],
  ['an empty kid', { ...goodEnvelope, kid: '' }],
  ['47 bytes of ciphertext', { ...goodEnvelope, ct: encodeBase64url(new Uint8Array(47)) }],
  ['padded ciphertext', { ...goodEnvelope, ct: `${encodeBase64url(new Uint8Array(49))}==` }],
  ['standard-base64 ciphertext', { ...goodEnvelope, ct: Buffer.alloc(48, 0xff).toString('base64') }],
];

export const goodPayload = {
  form: 'new-patient',
  formVersion: '3',
  answers: { name: 'A. Patient', symptoms: ['cough', 'fever'], consent: true },
  submittedAt: '2026-03-01T10:15:30.123Z',
};

export const badPayloads: Array<[string, unknown]> = [
  ['an unknown key', { ...goodPayload, clinic: 'x' }],
  ['a missing submittedAt', { form: 'a', formVersion: '1', answers: {} }],
  ['a number answer', { ...goodPayload, answers: { age: 42 } }],
  ['a nested object answer', { ...goodPayload, answers: { a: { b: 'c' } } }],
  ['an array answer holding a number', { ...goodPayload, answers: { a: ['x', 1] } }],
  ['answers as an array', { ...goodPayload, answers: ['x'] }],
  ['a date without a zone', { ...goodPayload, submittedAt: '2026-03-01T10:15:30' }],
  ['a date only', { ...goodPayload, submittedAt: '2026-03-01' }],
  ['month 13', { ...goodPayload, submittedAt: '2026-13-01T10:15:30Z' }],
  ['an empty formVersion', { ...goodPayload, formVersion: '' }],
  ['a bad form slug', { ...goodPayload, form: 'New Patient' }],
];
