import fs from 'node:fs';
import path from 'node:path';
import { loadCmsConfig } from '@palisade/config';
import type { Stack } from '../helpers/stack';
import { fetchKeySet, postSignedIntake, sealTo } from './support/envelopes';
import { portalCli } from './support/portal-cli';
import { startPortalOnly } from './support/portal-only';
import { eventually, signInAs } from './support/staff';

/**
 * Drill: back up the portal, wipe its database, restore, and read a
 * submission back through the staff API. A tampered backup is refused.
 */
describe('drill: encrypted backup, wipe, restore', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startPortalOnly();
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('restores a wiped portal and the submission reads back', async () => {
    const marker = `restored answer ${Date.now()}`;
    const env = await sealTo(await fetchKeySet(stack.portalUrl), 'new-patient-intake', { reasonForVisit: marker });
    // Filed the way the CMS files it: a signed intake call.
    const cms = loadCmsConfig(stack.env).signing;
    expect((await postSignedIntake(stack.intakeUrl, JSON.stringify(env), { keyId: cms.keyId, privateKey: cms.privateKeyPem })).status).toBe(201);
    const clinician = await signInAs(stack, 'clinician@riverside');
    await eventually(30_000, async () => ((await clinician.call('GET', `/api/submissions/${env.id}`)).status === 200 ? true : undefined), 'delivery');

    await stack.stop('portal');
    const file = path.join(stack.home, 'drill.backup');
    const backup = await portalCli(stack, ['backup', '--out', file]);
    expect(backup.code).toBe(0);
    expect(backup.stderr).toMatch(/submissions/);
    expect(fs.readFileSync(file).includes(Buffer.from(env.ct.slice(0, 40)))).toBe(false);
    expect(fs.existsSync(path.join(stack.home, 'keys', 'portal-backup.key'))).toBe(true);

    const dataDir = path.join(stack.home, 'data', 'portal-pglite');
    // A tampered copy is refused and leaves the fresh database empty.
    const bad = path.join(stack.home, 'tampered.backup');
    const bytes = fs.readFileSync(file);
    bytes[Math.floor(bytes.length / 2)]! ^= 0x20;
    fs.writeFileSync(bad, bytes);
    fs.rmSync(dataDir, { recursive: true, force: true });
    const refused = await portalCli(stack, ['restore', '--in', bad]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr + refused.stdout).toMatch(/tampered|authentication|refus/i);

    fs.rmSync(dataDir, { recursive: true, force: true });
    const restored = await portalCli(stack, ['restore', '--in', file]);
    expect(restored.code).toBe(0);
    expect(restored.stdout + restored.stderr).toMatch(/audit chain/i);

    await stack.start('portal');
    const again = await signInAs(stack, 'clinician@riverside');
    const read = await again.call('GET', `/api/submissions/${env.id}`);
    expect(read.status).toBe(200);
    expect(JSON.stringify(read.body)).toContain(marker);
  }, 240_000);
});
