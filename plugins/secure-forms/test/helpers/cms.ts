import { randomUUID } from 'node:crypto';
import type { Core, UID } from '@strapi/strapi';
import sodium = require('libsodium-wrappers');
import { buildEnvelope, generateEd25519KeyPair, type EnvelopeV1 } from '@palisade/protocol';
import { bootCms, type TestCms } from '../../../../cms/test/helpers/strapi';
import type { OutboxStore } from '../../server/src/outbox/store';

export { bootCms, type TestCms };

export const FORM_UID = 'api::secure-form.secure-form' as UID.ContentType;

/** A CMS signing key pair for a test: the private half goes to the CMS env, the public half to the portal. */
export function cmsSigningKey(keyId = 'cms-test-1') {
  const pair = generateEd25519KeyPair();
  return {
    keyId,
    privatePem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

export async function publishForm(strapi: Core.Strapi, slug: string, status: 'published' | 'draft' = 'published') {
  return strapi.documents(FORM_UID).create({
    data: {
      title: `Form ${slug}`,
      slug,
      clinicCode: 'riverside',
      retentionDays: 30,
      fields: [
        { key: 'name', label: 'Full name', type: 'text', required: true, sensitivity: 'identity' },
        { key: 'reason', label: 'Reason for visit', type: 'textarea', required: false, sensitivity: 'clinical' },
      ],
    } as never,
    status,
  });
}

/** An envelope sealed to `publicKey` the way the widget seals it. */
export async function sealedEnvelope(opts: { form: string; kid: string; publicKey: Uint8Array; answers?: Record<string, string>; id?: string }): Promise<EnvelopeV1> {
  await sodium.ready;
  return buildEnvelope(sodium, {
    id: opts.id ?? randomUUID(),
    form: opts.form,
    kid: opts.kid,
    publicKey: opts.publicKey,
    payload: { formVersion: '1', answers: opts.answers ?? { name: 'Test Person' }, submittedAt: new Date().toISOString() },
  });
}

export function outboxOf(strapi: Core.Strapi): OutboxStore {
  return strapi.plugin('secure-forms').service('outbox').store() as OutboxStore;
}

export async function outboxCount(strapi: Core.Strapi): Promise<number> {
  const r = await strapi.db.connection('secure_forms_outbox').count({ n: '*' }).first();
  return Number(r?.n ?? 0);
}
