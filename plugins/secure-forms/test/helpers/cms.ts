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

/**
 * Boots the real CMS wired to a portal (its intake URL, public URL and key-set
 * pin) with this test's signing key. Intake and admin-login rate limits are
 * raised: these tests are about delivery; the limits are the hardening plugin's.
 */
export function bootCmsFor(
  portal: { intakeUrl: string; url: string; pin: string },
  key: { keyId: string; privatePem: string },
  extra: Record<string, string> = {},
): Promise<TestCms> {
  return bootCms({
    CMS_SIGNING_KEY: key.privatePem,
    CMS_SIGNING_KEY_ID: key.keyId,
    CMS_PORTAL_INTAKE_URL: portal.intakeUrl,
    CMS_PORTAL_PUBLIC_URL: portal.url,
    CMS_KEYSET_PIN: portal.pin,
    CMS_RATE_LIMIT_INTAKE_PER_MINUTE: '1000000',
    CMS_RATE_LIMIT_PUBLIC_PER_MINUTE: '1000000',
    CMS_RATE_LIMIT_ADMIN_LOGIN_PER_MINUTE: '1000',
    ...extra,
  });
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
