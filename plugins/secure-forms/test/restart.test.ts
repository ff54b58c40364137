import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { decodeBase64url } from '@palisade/protocol';
import { bootCmsFor, outboxCount, publishForm, sealedEnvelope, type TestCms } from './helpers/cms';
import { startRealPortal, type RealPortal } from './helpers/real-portal';

// Rows queued while the portal is down survive a CMS restart on the same
// database, and the restarted CMS's own scheduled sweep delivers them.
const FORM = 'contact-us';
let portal: RealPortal;
let cms: TestCms | undefined;
let dataDir: string;

beforeAll(async () => {
  portal = await startRealPortal([FORM]);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-restart-'));
}, 60_000);

afterAll(async () => {
  await cms?.stop();
  await portal?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function waitFor(condition: () => Promise<boolean>, seconds: number): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`not done within ${seconds} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('a CMS restart with rows pending', () => {
  it('loses nothing: the restarted CMS delivers every pending row once', async () => {
    const env = { CMS_DATABASE_FILENAME: path.join(dataDir, 'cms.db') };
    const keySet = await portal.apps.staff.keys.keySetDocument();
    const envelope = () => sealedEnvelope({ form: FORM, kid: keySet.payload.current, publicKey: decodeBase64url(keySet.payload.keys[0]!.publicKey) });

    cms = await bootCmsFor(portal, portal.cmsKey, env);
    await publishForm(cms.strapi, FORM);
    const submit = async (e: Awaited<ReturnType<typeof envelope>>) =>
      (await request(cms!.strapi.server.httpServer).post('/api/secure-forms/submissions').send(e).expect(202)).body;
    expect(await submit(await envelope())).toMatchObject({ status: 'delivered' });

    await portal.down();
    const pending = await Promise.all(Array.from({ length: 10 }, envelope));
    for (const e of pending) expect(await submit(e)).toEqual({ id: e.id, status: 'queued' });
    expect(await outboxCount(cms.strapi)).toBe(10);
    await cms.stop();
    cms = undefined;

    await portal.up();
    // The scheduled sweep on, every second: nothing here triggers delivery by hand.
    cms = await bootCmsFor(portal, portal.cmsKey, { ...env, CMS_OUTBOX_SWEEP_CRON: '* * * * * *' });
    expect(await outboxCount(cms.strapi)).toBe(10);
    await waitFor(async () => (await outboxCount(cms!.strapi)) === 0, 60);

    const stored = await portal.storedIds();
    for (const e of pending) expect(stored.filter((id) => id === e.id)).toHaveLength(1);
  }, 180_000);
});
