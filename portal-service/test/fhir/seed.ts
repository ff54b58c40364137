/**
 * Seeds clinics, a registered form and sealed submissions for FHIR, EHR and
 * export tests, sealing with a throw-away X25519 key the returned opener holds
 * (the same crypto_box_seal the browser uses).
 */
import { createHash, randomUUID } from 'node:crypto';
import type { SealedOpener, SealedPayload } from '../../src/access/submission-repository';
import type { AnswerValue } from '../../src/access/masking';
import type { Db } from '../../src/db/types';
import { chainedAuditPort, type AuditPort } from '../../src/fhir/audit-port';
import { systemClock } from '../../src/clock';
import { sodiumReady } from '../../src/identity/sodium';

export interface SealedStore {
  keys: SealedOpener;
  seal(payload: SealedPayload): Promise<Buffer>;
}

export async function sealedStore(): Promise<SealedStore> {
  const sodium = await sodiumReady();
  const box = sodium.crypto_box_keypair();
  return {
    keys: {
      async openSealed(_kid, ct) {
        const plain = sodium.crypto_box_seal_open(ct, box.publicKey, box.privateKey);
        return JSON.parse(Buffer.from(plain).toString('utf8')) as SealedPayload;
      },
    },
    seal: async (payload) => Buffer.from(sodium.crypto_box_seal(JSON.stringify(payload), box.publicKey)),
  };
}

export async function seedClinic(owner: Db, code: string): Promise<string> {
  const id = randomUUID();
  await owner.query(`INSERT INTO clinics (id, code, name) VALUES ($1, $2, $3)`, [id, code, code]);
  return id;
}

export async function seedForm(owner: Db, opts: { slug: string; clinicId: string; title?: string; definition: unknown }): Promise<void> {
  await owner.query(`INSERT INTO forms (slug, clinic_id, title, definition) VALUES ($1, $2, $3, $4::jsonb)`, [opts.slug, opts.clinicId, opts.title ?? opts.slug, JSON.stringify(opts.definition)]);
}

export async function seedKey(owner: Db, kid = 'test-k1'): Promise<string> {
  await owner.query(`INSERT INTO keys (kid, purpose, public_key, private_wrapped, current) VALUES ($1, 'intake', '\\x00', '\\x00', true) ON CONFLICT DO NOTHING`, [kid]);
  return kid;
}

export async function seedSubmission(
  owner: Db,
  store: SealedStore,
  opts: { form: string; clinicId: string; answers: Record<string, AnswerValue>; receivedAt: Date; kid?: string; formVersion?: string; id?: string },
): Promise<string> {
  const id = opts.id ?? randomUUID();
  const ct = await store.seal({ form: opts.form, formVersion: opts.formVersion ?? '1', answers: opts.answers, submittedAt: opts.receivedAt.toISOString() });
  await owner.query(
    `INSERT INTO submissions (id, form_slug, clinic_id, kid, ciphertext, digest, received_at, received_by, receipt, retention_until)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'cms-test-1', '{}', $7::timestamptz + interval '1 year')`,
    [id, opts.form, opts.clinicId, opts.kid ?? 'test-k1', ct, `sha-256=:${createHash('sha256').update(ct).digest('base64')}:`, opts.receivedAt],
  );
  return id;
}

/** The platform's chained writer, as the CLI binds it. */
export const testAudit: AuditPort = chainedAuditPort('portal-cli', systemClock);
