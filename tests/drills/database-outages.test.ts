import { Client } from 'pg';
import { loadCmsConfig } from '@palisade/config';
import type { Stack } from '../helpers/stack';
import { startNodeStack } from './support/node-stack';
import { fetchKeySet, postSignedIntake, postToCms, sealTo } from './support/envelopes';
import { createDrillDatabase, type DrillDatabase } from './support/postgres';
import { eventually, signInAs } from './support/staff';

async function outboxRows(cmsDb: DrillDatabase): Promise<string[]> {
  const c = new Client({ connectionString: cmsDb.url });
  await c.connect();
  try {
    const res = await c.query<{ id: string }>(`SELECT id FROM secure_forms_outbox ORDER BY id`);
    return res.rows.map((r) => r.id);
  } finally {
    await c.end();
  }
}

/**
 * Drills: the portal's database goes away (intake answers 503, the CMS keeps
 * every row queued and delivers it when the database returns), and the CMS's
 * database goes away (its intake answers 503 with a clear message and writes
 * nothing half-way). Both databases on the local PostgreSQL so they can fail.
 */
describe('drill: database outages', () => {
  let stack: Stack;
  let portalDb: DrillDatabase;
  let cmsDb: DrillDatabase;

  beforeAll(async () => {
    portalDb = await createDrillDatabase('drill_portal');
    cmsDb = await createDrillDatabase('drill_cms');
    stack = await startNodeStack({ DATABASE_URL: portalDb.url, CMS_DATABASE_URL: cmsDb.url, CMS_OUTBOX_SWEEP_CRON: '*/2 * * * * *' });
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
    await portalDb?.bringBack().catch(() => undefined);
    await cmsDb?.bringBack().catch(() => undefined);
    await portalDb?.drop();
    await cmsDb?.drop();
  });

  it('portal database down: intake 503, rows stay queued, all delivered once it returns', async () => {
    const doc = await fetchKeySet(stack.portalUrl);
    // A CMS in service has verified the key set before: one delivered submission first.
    const warm = await sealTo(doc, 'new-patient-intake', { reasonForVisit: 'before the outage' });
    expect((await postToCms(stack.cmsUrl, JSON.stringify(warm))).status).toBe(202);
    await eventually(30_000, async () => ((await outboxRows(cmsDb)).length === 0 ? true : undefined), 'the first delivery');
    await portalDb.takeDown();
    try {
      const ids: string[] = [];
      for (let i = 0; i < 4; i++) {
        const env = await sealTo(doc, 'new-patient-intake', { reasonForVisit: `while down ${i}` });
        const res = await postToCms(stack.cmsUrl, JSON.stringify(env));
        expect(res.status).toBe(202);
        ids.push(env.id);
      }
      // The portal's own answer to a forward while its database is gone.
      const cfg = loadCmsConfig(stack.env);
      const direct = await postSignedIntake(stack.intakeUrl, JSON.stringify(await sealTo(doc, 'new-patient-intake', { reasonForVisit: 'direct' })), {
        keyId: cfg.signing.keyId,
        privateKey: cfg.signing.privateKeyPem,
      });
      expect(direct.status).toBe(503);
      expect(direct.text).not.toMatch(/ECONNREFUSED|pg_|stack|at .*\.js/);
      await new Promise((r) => setTimeout(r, 4000));
      expect((await outboxRows(cmsDb)).filter((id) => ids.includes(id)).sort()).toEqual([...ids].sort());
      await portalDb.bringBack();
      await eventually(60_000, async () => ((await outboxRows(cmsDb)).length === 0 ? true : undefined), 'the outbox to drain');
      const clinician = await signInAs(stack, 'clinician@riverside');
      for (const id of ids) expect((await clinician.call('GET', `/api/submissions/${id}`)).status).toBe(200);
    } finally {
      await portalDb.bringBack();
    }
  }, 180_000);

  it('CMS database down: intake 503 with a clear message, nothing half-written', async () => {
    const doc = await fetchKeySet(stack.portalUrl);
    const env = await sealTo(doc, 'new-patient-intake', { reasonForVisit: 'cms db down' });
    await cmsDb.takeDown();
    let res: { status: number; text: string };
    try {
      res = await postToCms(stack.cmsUrl, JSON.stringify(env));
    } finally {
      await cmsDb.bringBack();
    }
    expect(res.status).toBe(503);
    expect(res.text).toMatch(/unavailable|try again/i);
    expect(res.text).not.toMatch(/knex|ECONN|select|insert|at .*\.js/i);
    await new Promise((r) => setTimeout(r, 3000));
    expect(await outboxRows(cmsDb)).not.toContain(env.id);
    const frontDesk = await signInAs(stack, 'front-desk@riverside');
    expect((await frontDesk.call('GET', `/api/submissions/${env.id}`)).status).toBe(404);
  }, 120_000);
});
