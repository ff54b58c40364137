import crypto from 'node:crypto';
import sodium = require('libsodium-wrappers-sumo');
import { buildEnvelope, decodeBase64url, signRequest, type EnvelopeV1, type SealedPayload } from '@palisade/protocol';
import type { Clock } from '../../src/clock';
import type { Db } from '../../src/db/types';
import type { TestCmsKey } from './databases';

export const INTAKE_URL = 'http://127.0.0.1:4001/internal/intake';

/** A clinic and a registered form, written as the owner (what `create-clinic` and `forms register` do). */
export async function seedClinicAndForm(owner: Db, slug = 'new-patient', retentionDays = 30): Promise<{ clinicId: string; slug: string }> {
  const clinicId = crypto.randomUUID();
  await owner.query(`INSERT INTO clinics (id, code, name) VALUES ($1, $2, 'Test clinic')`, [clinicId, `c-${clinicId.slice(0, 8)}`]);
  await owner.query(`INSERT INTO forms (slug, clinic_id, title, retention_days) VALUES ($1, $2, 'New patient', $3)`, [slug, clinicId, retentionDays]);
  return { clinicId, slug };
}

export function payloadFor(form: string, answers: SealedPayload['answers'] = { name: 'Ada', reason: 'checkup' }): SealedPayload {
  return { form, formVersion: '1', answers, submittedAt: '2031-03-01T08:59:00Z' };
}

/** Seals a payload to the portal's published current key, as the browser widget does. */
export async function sealedEnvelope(
  keySet: { payload: { current: string; keys: { kid: string; publicKey: string }[] } },
  form: string,
  opts: { id?: string; payload?: SealedPayload; kid?: string } = {},
): Promise<EnvelopeV1> {
  await sodium.ready;
  const kid = opts.kid ?? keySet.payload.current;
  const key = keySet.payload.keys.find((k) => k.kid === kid) ?? keySet.payload.keys[0];
  if (!key) throw new Error('empty key set');
  return buildEnvelope(sodium, {
    id: opts.id ?? crypto.randomUUID(),
    form,
    kid,
    publicKey: decodeBase64url(key.publicKey),
    payload: opts.payload ?? payloadFor(form),
  });
}

/** Headers and body of a signed intake call, as the CMS sends it. */
export function signedIntake(
  cms: TestCmsKey,
  body: string | Buffer,
  opts: { clock?: Clock; now?: Date; nonce?: string; ttlSeconds?: number; contentType?: string; url?: string } = {},
): { headers: Record<string, string>; payload: Buffer } {
  const payload = Buffer.isBuffer(body) ? body : Buffer.from(body);
  const headers = signRequest({
    method: 'POST',
    url: opts.url ?? INTAKE_URL,
    contentType: opts.contentType ?? 'application/json',
    body: payload,
    keyId: cms.keyId,
    privateKey: cms.privateKey,
    now: opts.now ?? opts.clock?.now(),
    nonce: opts.nonce,
    ttlSeconds: opts.ttlSeconds,
  });
  return { headers: { ...headers, host: new URL(opts.url ?? INTAKE_URL).host }, payload };
}
