import request from 'supertest';
import { bootCms, type TestCms } from '../../../cms/test/helpers/strapi';
import { createAdmin, passwordToken } from './helpers/admin';
import { advanceClock, bearer, clockOf, signInWithFactor, verifiedAdmin, type VerifiedAdmin } from './helpers/mfa';

const DAY = 86_400_000;
let cms: TestCms;
const http = () => request(cms.strapi.server.httpServer);

beforeAll(async () => {
  cms = await bootCms({ CMS_DORMANT_DAYS: '30', CMS_DORMANT_SWEEP_CRON: 'off' });
  const t0 = new Date();
  clockOf(cms.strapi).set(() => t0);
});
afterAll(async () => {
  await cms?.stop();
});

describe('dormant accounts and tokens, under a fake clock', () => {
  let boss: VerifiedAdmin;
  let idle: { id: number };
  let idleSession: string;
  let idleToken: number;
  let usedToken: { id: number; accessKey: string };

  beforeAll(async () => {
    boss = await verifiedAdmin(cms.strapi);
    const author = await createAdmin(cms.strapi, { roleCode: 'strapi-author' });
    idle = author;
    idleSession = await passwordToken(cms.strapi, author);
    const mk = async (name: string) =>
      (await http().post('/admin/api-tokens').set(bearer(boss.token)).send({ name, type: 'read-only', lifespan: 90 * DAY }).expect(201)).body.data;
    idleToken = (await mk('never used')).id;
    usedToken = await mk('used by the site');
    advanceClock(cms.strapi, 31 * DAY);
    // Used and signed in recently (by the fake clock): these stay.
    await cms.strapi.db.query('admin::api-token').update({ where: { id: usedToken.id }, data: { lastUsedAt: clockOf(cms.strapi).now() } });
    boss.token = await signInWithFactor(cms.strapi, boss);
  });

  it('the dry run lists what the sweep would deactivate and changes nothing', async () => {
    const res = await http().get('/hardening/reports/dormant').set(bearer(boss.token)).expect(200);
    expect(res.body.data.days).toBe(30);
    expect(res.body.data.admins.map((a: { id: number; action: string }) => [a.id, a.action])).toEqual([[idle.id, 'deactivate']]);
    expect(res.body.data.tokens.map((t: { id: number }) => t.id)).toEqual([idleToken]);
    expect((await cms.strapi.db.query('admin::user').findOne({ where: { id: idle.id } })).isActive).toBe(true);
  });

  it('the sweep deactivates the idle account (its session ends) and expires the idle token, each audited', async () => {
    await cms.strapi.plugin('hardening').service('maintenance').runOnce();
    expect((await cms.strapi.db.query('admin::user').findOne({ where: { id: idle.id } })).isActive).toBe(false);
    expect((await http().get('/admin/mfa/status').set(bearer(idleSession))).status).toBe(401);
    await http().get('/admin/users/me').set(bearer(boss.token)).expect(200);

    const expired = await cms.strapi.db.query('admin::api-token').findOne({ where: { id: idleToken } });
    expect(new Date(expired.expiresAt).getTime()).toBe(clockOf(cms.strapi).now().getTime());
    const kept = await cms.strapi.db.query('admin::api-token').findOne({ where: { id: usedToken.id } });
    expect(new Date(kept.expiresAt).getTime()).toBeGreaterThan(clockOf(cms.strapi).now().getTime());

    const trail = await cms.strapi.db.query('plugin::hardening.audit-event').findMany({ where: { actorType: 'system' }, orderBy: { seq: 'asc' } });
    expect(trail.map((r: { action: string; targetId: string }) => [r.action, r.targetId])).toEqual([
      ['admin.dormant.deactivate', String(idle.id)],
      ['api-token.dormant.deactivate', String(idleToken)],
    ]);
  });

  it('never deactivates the last active super admin', async () => {
    advanceClock(cms.strapi, 60 * DAY);
    const plan = await cms.strapi.plugin('hardening').service('dormant').sweep(clockOf(cms.strapi).now());
    expect(plan.admins.find((a: { id: number }) => a.id === boss.id)?.action).toBe('keep-last-super-admin');
    expect((await cms.strapi.db.query('admin::user').findOne({ where: { id: boss.id } })).isActive).toBe(true);
  });
});
