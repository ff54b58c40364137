import request from 'supertest';
import { bootCmsFor, cmsSigningKey, publishForm, sealedEnvelope, type TestCms } from './helpers/cms';
import { startFakePortal, type FakePortal } from './helpers/fake-portal';
import { verifiedAdmin } from '../../hardening/test/helpers/mfa';

// The admin page's API, behind the plugin's own permission, and the outbox kept
// out of every content API, the content manager and the public role.
const key = cmsSigningKey();
let cms: TestCms;
let portal: FakePortal & { intakePublicKey: Uint8Array };
const http = () => request(cms.strapi.server.httpServer);

/** An admin who passed both factors (the hardening plugin requires TOTP on the whole admin API). */
async function adminToken(roleCode?: string): Promise<string> {
  return (await verifiedAdmin(cms.strapi, roleCode ? { roleCode } : {})).token;
}

beforeAll(async () => {
  portal = (await startFakePortal(key.publicPem, key.keyId)) as FakePortal & { intakePublicKey: Uint8Array };
  cms = await bootCmsFor(portal, key);
  await publishForm(cms.strapi, 'contact-us');
  await publishForm(cms.strapi, 'not-yet', 'draft');
});

afterAll(async () => {
  await cms?.stop();
  await portal?.close();
});

describe('admin status page API', () => {
  let superToken: string;
  let pendingCt: string;

  beforeAll(async () => {
    superToken = await adminToken();
    await http().post('/api/secure-forms/submissions').send(await sealedEnvelope({ form: 'contact-us', kid: 'fake-1', publicKey: portal.intakePublicKey })).expect(202);
    portal.mode = 'error-500';
    const pending = await sealedEnvelope({ form: 'contact-us', kid: 'fake-1', publicKey: portal.intakePublicKey });
    pendingCt = pending.ct;
    await http().post('/api/secure-forms/submissions').send(pending).expect(202);
    portal.mode = 'ok';
  });

  it('shows forms, outbox depth and age, the last error, today counts, the portal URL and the CMS key fingerprint', async () => {
    const res = await http().get('/secure-forms/status').set('authorization', `Bearer ${superToken}`).expect(200);
    const s = res.body.data;
    expect(s.forms.map((f: { slug: string; published: boolean }) => [f.slug, f.published]).sort()).toEqual([
      ['contact-us', true],
      ['not-yet', false],
    ]);
    expect(s.outbox).toMatchObject({ depth: 1, overdue: 0 });
    expect(s.outbox.oldestPendingAgeSeconds).toBeGreaterThanOrEqual(0);
    expect(s.lastForwardError.message).toBe('portal answered 500');
    expect(s.today).toEqual({ delivered: 1, shredded: 1, rejected: 0 });
    expect(s.portal).toMatchObject({ intakeUrl: portal.intakeUrl, keysetPin: portal.pin, keysetPinSource: 'configured' });
    expect(s.cms.signingKeyFingerprint).toMatch(/^sha256:[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(res.body)).not.toContain(pendingCt.slice(0, 40));
  });

  it('refuses an admin without the plugin permission, and anyone without a token', async () => {
    const editor = await adminToken('strapi-editor');
    const refused = await http().get('/secure-forms/status').set('authorization', `Bearer ${editor}`).expect(403);
    expect(refused.body.error.details?.code).not.toBe('MFA_REQUIRED'); // refused by the permission, not for a missing factor
    await http().get('/secure-forms/status').expect(401);
  });

  it('registers the permission action for roles to be granted', async () => {
    const actions = cms.strapi.admin!.services.permission!.actionProvider.values().map((a: { actionId: string }) => a.actionId);
    expect(actions).toContain('plugin::secure-forms.read');
  });
});

describe('the outbox is reachable by no API', () => {
  it('is no content type, so the content manager cannot list it', async () => {
    const uids = Object.keys(cms.strapi.contentTypes);
    expect(uids.filter((u) => u.startsWith('plugin::secure-forms'))).toEqual([]);
    const token = await adminToken();
    const res = await http().get('/content-manager/content-types').set('authorization', `Bearer ${token}`).expect(200);
    expect(JSON.stringify(res.body)).not.toMatch(/outbox|shred|secure_forms_/i);
  });

  it('exposes only the intake and widget routes on the content API', () => {
    const routes = cms.strapi.server.listRoutes().map((r) => `${r.methods.join(',')} ${r.path}`);
    const ours = routes.filter((r) => /\/api\/secure-forms\/(?!:)/.test(r) || /outbox|shred/i.test(r));
    expect(ours.sort()).toEqual(['HEAD,GET /api/secure-forms/widget/:file', 'POST /api/secure-forms/submissions']);
  });

  it('answers no read of the outbox through the public API', async () => {
    for (const path of ['/api/secure-forms/outbox', '/api/secure-forms/submissions', '/api/secure-forms/shreds', '/api/secure-forms-outbox']) {
      const res = await http().get(path);
      expect([404, 405]).toContain(res.status);
    }
  });

  it('gives the public role no permission on anything of this plugin', async () => {
    const role = await cms.strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'public' } });
    const perms: Array<{ action: string }> = await cms.strapi.db.query('plugin::users-permissions.permission').findMany({ where: { role: role.id } });
    expect(perms.filter((p) => p.action.startsWith('plugin::secure-forms'))).toEqual([]);
  });
});
