import crypto from 'node:crypto';
import { loadCmsConfig } from '@palisade/config';
import type { Stack } from '../helpers/stack';
import { startNodeStack } from './support/node-stack';
import { outboxIds } from './support/cms-db';
import { fetchKeySet, postSignedIntake, postToCms, sealTo } from './support/envelopes';
import { submissionIds, withPortalDb } from './support/portal-db';
import { eventually } from './support/staff';

function keyPair(): { privatePem: string; publicB64: string } {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicB64: Buffer.from(publicKey.export({ type: 'spki', format: 'pem' }).toString()).toString('base64'),
  };
}

/**
 * Drill: the CMS signing key is revoked. The portal refuses the old keyid at
 * once; rows the CMS queued meanwhile stay queued (never deleted without a
 * receipt) and go out once the CMS runs with its new key.
 */
describe('drill: CMS signing key revoked and replaced', () => {
  let stack: Stack;
  const oldKey = keyPair();
  const newKey = keyPair();

  beforeAll(async () => {
    stack = await startNodeStack({
      CMS_SIGNING_KEY: Buffer.from(oldKey.privatePem).toString('base64'),
      CMS_SIGNING_KEY_ID: 'cms-old',
      PORTAL_CMS_KEYS: `cms-old=${oldKey.publicB64}`,
      CMS_OUTBOX_SWEEP_CRON: '*/2 * * * * *',
    });
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('refuses the old keyid after revocation and delivers every queued row under the new key', async () => {
    // Revocation: the portal now trusts only the new key.
    stack.env.PORTAL_CMS_KEYS = `cms-new=${newKey.publicB64}`;
    await stack.restart('portal');
    const doc = await fetchKeySet(stack.portalUrl);
    const probe = await sealTo(doc, 'new-patient-intake', { reasonForVisit: 'old key' });
    const refused = await postSignedIntake(stack.intakeUrl, JSON.stringify(probe), { keyId: 'cms-old', privateKey: oldKey.privatePem });
    expect(refused.status).toBe(401);
    expect(refused.text).toContain('unknown-keyid');

    // The CMS still signs with the revoked key: submissions are accepted from browsers and stay queued.
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const env = await sealTo(doc, 'new-patient-intake', { reasonForVisit: `queued ${i}` });
      expect((await postToCms(stack.cmsUrl, JSON.stringify(env))).status).toBe(202);
      ids.push(env.id);
    }
    await new Promise((r) => setTimeout(r, 5000));
    expect(outboxIds(stack.home).filter((id) => ids.includes(id)).sort()).toEqual([...ids].sort());

    // Recovery: the CMS gets the new key; the sweep delivers what waited.
    stack.env.CMS_SIGNING_KEY = Buffer.from(newKey.privatePem).toString('base64');
    stack.env.CMS_SIGNING_KEY_ID = 'cms-new';
    await stack.restart('cms');
    expect(loadCmsConfig(stack.env).signing.keyId).toBe('cms-new');
    await eventually(60_000, async () => (outboxIds(stack.home).length === 0 ? true : undefined), 'the outbox to drain');
    await stack.stop('portal');
    const stored = await withPortalDb(stack.home, submissionIds, stack.env);
    await stack.start('portal');
    expect(ids.filter((id) => !stored.includes(id))).toEqual([]);
  }, 180_000);
});
