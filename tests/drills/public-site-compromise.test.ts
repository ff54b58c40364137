import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { loadCmsConfig } from '@palisade/config';
import { decodeBase64url } from '@palisade/protocol';
import sodium = require('libsodium-wrappers');
import type { Stack } from '../helpers/stack';
import { startNodeStack } from './support/node-stack';
import { checkQ1 } from '../verify/checks/q1-public-site';
import { VerifyContext } from '../verify/context';
import { parseOptions } from '../verify/options';
import { fetchKeySet, loopback, postSignedIntake, sealTo } from './support/envelopes';
import { auditEvents, withPortalDb } from './support/portal-db';
import { signInAs } from './support/staff';

/**
 * Drills: a compromised CMS admin (super-admin rights and every secret on the
 * CMS's disk) and a stolen CMS signing key. Whatever the CMS holds may submit;
 * none of it reads a submission or changes the keys browsers seal to.
 */
describe('drill: the public site is compromised', () => {
  let stack: Stack;
  let ctx: VerifyContext;

  beforeAll(async () => {
    stack = await startNodeStack();
    ctx = new VerifyContext(
      parseOptions(['--cms', loopback(stack.cmsUrl), '--portal', loopback(stack.portalUrl), '--intake', stack.intakeUrl, '--home', stack.home], stack.env),
    );
    await ctx.init();
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it("opens no portal route with any credential or secret on the CMS's disk, and cannot swap the key set", async () => {
    const env = await ctx.seal('new-patient-intake', { reasonForVisit: ctx.canary });
    expect((await ctx.submitToCms(env)).status).toBe(202);
    await checkQ1(ctx, { envelope: env });
    const byId = Object.fromEntries(ctx.checks.map((c) => [c.id, c]));
    expect(byId['Q1.1']).toMatchObject({ status: 'pass' });
    expect(byId['Q1.3']).toMatchObject({ status: 'pass' });
    expect(byId['Q1.4']).toMatchObject({ status: 'pass' });
  });

  it('finds no value on the CMS side that opens a sealed submission', async () => {
    await sodium.ready;
    const doc = await fetchKeySet(stack.portalUrl);
    const env = await sealTo(doc, 'new-patient-intake', { reasonForVisit: 'drill' });
    const ct = decodeBase64url(env.ct);
    const current = decodeBase64url(doc.payload.keys.find((k) => k.kid === doc.payload.current)!.publicKey);
    // Every 32-byte value the CMS could read: its secrets (base64) and the raw bytes of every file it may open.
    const cmsFiles = [path.join(stack.home, 'secrets', 'cms.json'), path.join(stack.home, 'keys', 'cms-signing.key'), path.join(stack.home, 'data', 'cms.db')];
    const candidates = new Set<string>();
    const cfg = loadCmsConfig(stack.env);
    for (const s of [...cfg.secrets.appKeys, cfg.secrets.adminJwtSecret, cfg.secrets.apiTokenSalt, cfg.secrets.transferTokenSalt, cfg.secrets.jwtSecret, cfg.secrets.encryptionKey]) {
      candidates.add(Buffer.from(s, 'base64').toString('hex'));
    }
    candidates.add(crypto.createPrivateKey(cfg.signing.privateKeyPem).export({ format: 'der', type: 'pkcs8' }).subarray(-32).toString('hex'));
    for (const f of cmsFiles.filter((x) => fs.existsSync(x))) {
      const bytes = fs.readFileSync(f);
      for (let i = 0; i + 32 <= Math.min(bytes.length, 200_000); i += 16) candidates.add(bytes.subarray(i, i + 32).toString('hex'));
    }
    const opened = [...candidates].filter((hex) => {
      const key = Buffer.from(hex, 'hex');
      if (key.length !== 32) return false;
      try {
        sodium.crypto_box_seal_open(ct, current, key);
        return true;
      } catch {
        return false;
      }
    });
    expect(candidates.size).toBeGreaterThan(100);
    expect(opened).toEqual([]);
  });

  it('a stolen signing key can submit (audited under its keyid) but reads nothing', async () => {
    const cfg = loadCmsConfig(stack.env);
    const env = await sealTo(await fetchKeySet(stack.portalUrl), 'new-patient-intake', { reasonForVisit: 'stolen key' });
    const res = await postSignedIntake(stack.intakeUrl, JSON.stringify(env), { keyId: cfg.signing.keyId, privateKey: cfg.signing.privateKeyPem });
    expect(res.status).toBe(201);
    // The key on the intake listener: only POST /internal/intake exists there.
    const intakeBase = new URL(stack.intakeUrl).origin;
    for (const p of ['/api/submissions', `/api/submissions/${env.id}`, '/api/audit', '/intake/keys']) {
      expect((await fetch(`${intakeBase}${p}`)).status).toBe(404);
    }
    expect((await fetch(stack.intakeUrl)).status).toBeGreaterThanOrEqual(400);
    // The submission is filed and can be read by the clinic's clinician, not by the key holder.
    const clinician = await signInAs(stack, 'clinician@riverside');
    expect((await clinician.call('GET', `/api/submissions/${env.id}`)).status).toBe(200);
    await stack.stop('portal');
    try {
      const accepted = await withPortalDb(stack.home, (dbs) => auditEvents(dbs, 'intake.accepted'));
      expect(accepted.find((a) => a.resource_id === env.id)).toMatchObject({ actor_id: cfg.signing.keyId });
    } finally {
      await stack.start('portal');
    }
  });
});
