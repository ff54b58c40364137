import crypto from 'node:crypto';
import type { Stack } from '../helpers/stack';
import { outboxIds, withCmsDb } from './support/cms-db';
import { fetchKeySet, postToCms, sealTo } from './support/envelopes';
import { startNodeStack } from './support/node-stack';
import { eventually } from './support/staff';

/**
 * Drill: an envelope that is well-formed for the CMS — known form, current kid,
 * canonical base64url of 48+ bytes — but whose ciphertext is noise. The CMS
 * cannot tell (it never holds a private key) and accepts it; the portal finds
 * that no intake key it holds (current or retired) opens the box and answers
 * 422 with a signed rejection. The CMS verifies that rejection against the
 * pinned key for exactly the id and digest it sent and deletes the row, so bad
 * input does not stay in the outbox for ever, retried and alerting. A genuine
 * envelope sent alongside is delivered as usual.
 */
describe('drill: envelope the portal can never open', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startNodeStack({ CMS_OUTBOX_SWEEP_CRON: '*/2 * * * * *' });
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('drops the row on the portal-signed rejection, records why, and still delivers a genuine envelope', async () => {
    const valid = await sealTo(await fetchKeySet(stack.portalUrl), 'new-patient-intake', { reasonForVisit: 'template only' });
    const noise = { ...valid, id: crypto.randomUUID(), ct: crypto.randomBytes(200).toString('base64url') };
    expect((await postToCms(stack.cmsUrl, JSON.stringify(noise))).status).toBe(202);
    expect([201, 202]).toContain((await postToCms(stack.cmsUrl, JSON.stringify(valid))).status);

    await eventually(30_000, async () => {
      const ids = outboxIds(stack.home);
      return ids.includes(noise.id) || ids.includes(valid.id) ? undefined : true;
    }, 'both rows to leave the outbox');
    const outcomes = withCmsDb(stack.home, (db) =>
      Object.fromEntries(db.prepare(`SELECT id, outcome FROM secure_forms_shreds WHERE id IN (?, ?)`).all(noise.id, valid.id).map((r) => [String(r.id), r.outcome ?? null])),
    );
    expect(outcomes).toEqual({ [noise.id]: 'rejected:sealed-box', [valid.id]: null });
  }, 90_000);
});
