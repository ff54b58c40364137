import request from 'supertest';
import { bootCms, type TestCms } from '../../../cms/test/helpers/strapi';
import { passwordLogin } from './helpers/admin';
import { bearer, relaxSignInLimits, verifiedAdmin, type VerifiedAdmin } from './helpers/mfa';

const DAY = 86_400_000;
let cms: TestCms;
const http = () => request(cms.strapi.server.httpServer);

beforeAll(async () => {
  cms = await bootCms();
  relaxSignInLimits(cms.strapi);
});
afterAll(async () => {
  await cms?.stop();
});

const refused = (res: request.Response, code: string) => {
  expect(res.status).toBe(400);
  expect(res.body.error.details.code).toBe(code);
};

describe('admin password policy', () => {
  it('applies to the first administrator: too short, then common, then accepted', async () => {
    const base = { email: 'first@clinic.example', firstname: 'First', lastname: 'Admin' };
    refused(await http().post('/admin/register-admin').send({ ...base, password: 'Abcdefgh12' }), 'PASSWORD_TOO_SHORT');
    refused(await http().post('/admin/register-admin').send({ ...base, password: 'Password1234' }), 'PASSWORD_COMMON');
    expect(await cms.strapi.db.query('admin::user').count({})).toBe(0);
    await http().post('/admin/register-admin').send({ ...base, password: 'Four Random Words 1' }).expect(200);
  });

  describe('with a signed-in super admin', () => {
    let boss: VerifiedAdmin;
    beforeAll(async () => {
      boss = await verifiedAdmin(cms.strapi);
    });

    it('applies to an invited admin completing registration', async () => {
      const editor = await cms.strapi.db.query('admin::role').findOne({ where: { code: 'strapi-editor' } });
      const invited = await http().post('/admin/users').set(bearer(boss.token)).send({ email: 'invited@clinic.example', firstname: 'In', lastname: 'Vited', roles: [editor.id] }).expect(201);
      const { registrationToken } = await cms.strapi.db.query('admin::user').findOne({ where: { id: invited.body.data.id } });
      const weak = await http().post('/admin/register').send({ registrationToken, userInfo: { firstname: 'In', lastname: 'Vited', password: 'Qwertyuiop123' } });
      refused(weak, 'PASSWORD_COMMON');
      const row = await cms.strapi.db.query('admin::user').findOne({ where: { id: invited.body.data.id } });
      expect(row).toEqual(expect.objectContaining({ isActive: false, password: null, registrationToken }));
    });

    it('applies to a password change on the own profile, which leaves the password and the session as they were', async () => {
      const res = await http().put('/admin/users/me').set(bearer(boss.token)).send({ currentPassword: boss.password, password: 'Abcdefgh1x' });
      refused(res, 'PASSWORD_TOO_SHORT');
      expect(res.body.error.message).toMatch(/at least 12 characters/);
      await http().get('/admin/users/me').set(bearer(boss.token)).expect(200);
      expect((await passwordLogin(cms.strapi, boss)).status).toBe(200);
    });

    it('applies to a super admin setting another account password', async () => {
      const other = await verifiedAdmin(cms.strapi, { roleCode: 'strapi-author' });
      refused(await http().put(`/admin/users/${other.id}`).set(bearer(boss.token)).send({ password: 'Password1234' }), 'PASSWORD_COMMON');
      await http().put(`/admin/users/${other.id}`).set(bearer(boss.token)).send({ password: 'A much longer phrase 7' }).expect(200);
    });

    it('applies to a password reset by token', async () => {
      const target = await verifiedAdmin(cms.strapi, { roleCode: 'strapi-author' });
      await cms.strapi.db.query('admin::user').update({ where: { id: target.id }, data: { resetPasswordToken: 'reset-token-1', resetPasswordTokenExpiresAt: new Date(Date.now() + 3_600_000) } });
      refused(await http().post('/admin/reset-password').send({ resetPasswordToken: 'reset-token-1', password: 'Password1234' }), 'PASSWORD_COMMON');
      expect((await passwordLogin(cms.strapi, target)).status).toBe(200);
    });
  });

  it('refuses, rather than truncates, what bcrypt would cut at 72 bytes, on every path (here the service itself)', async () => {
    const role = await cms.strapi.service('admin::role').getSuperAdmin();
    await expect(
      cms.strapi.service('admin::user').create({ email: 'long@clinic.example', firstname: 'L', lastname: 'L', password: `${'a'.repeat(72)}b`, isActive: true, roles: [role.id] }),
    ).rejects.toThrow(/at most 72 bytes/);
    await expect(cms.strapi.service('admin::user').resetPasswordByEmail('first@clinic.example', 'Password1234')).rejects.toThrow();
  });
});

describe('API tokens', () => {
  let boss: VerifiedAdmin;
  beforeAll(async () => {
    boss = await verifiedAdmin(cms.strapi);
  });
  const tokens = () => cms.strapi.db.query('admin::api-token').count({});

  it("Strapi's unlimited default tokens were never created", async () => {
    const names = (await cms.strapi.db.query('admin::api-token').findMany({ select: ['name'] })).map((t: { name: string }) => t.name);
    expect(names).not.toContain('Full Access');
    expect(names).not.toContain('Read Only');
  });

  it('refuses a full-access token, and a token without expiry', async () => {
    const before = await tokens();
    refused(await http().post('/admin/api-tokens').set(bearer(boss.token)).send({ name: 'everything', type: 'full-access', lifespan: 7 * DAY }), 'TOKEN_RULE');
    refused(await http().post('/admin/api-tokens').set(bearer(boss.token)).send({ name: 'forever', type: 'read-only', lifespan: null }), 'TOKEN_RULE');
    expect(await tokens()).toBe(before);
  });

  it('accepts an expiring read-only token, and refuses turning it into full access', async () => {
    const created = await http().post('/admin/api-tokens').set(bearer(boss.token)).send({ name: 'site build', type: 'read-only', lifespan: 30 * DAY }).expect(201);
    expect(created.body.data.expiresAt).toBeTruthy();
    refused(await http().put(`/admin/api-tokens/${created.body.data.id}`).set(bearer(boss.token)).send({ type: 'full-access' }), 'TOKEN_RULE');
    const stored = await cms.strapi.db.query('admin::api-token').findOne({ where: { id: created.body.data.id } });
    expect(stored.type).toBe('read-only');
  });

  it('admin tokens and transfer tokens must expire too', async () => {
    refused(await http().post('/admin/admin-tokens').set(bearer(boss.token)).send({ name: 'ci', lifespan: null, adminPermissions: [] }), 'TOKEN_RULE');
    refused(await http().post('/admin/transfer/tokens').set(bearer(boss.token)).send({ name: 'sync', permissions: ['pull'], lifespan: null }), 'TOKEN_RULE');
  });
});

describe('Users & Permissions', () => {
  it('public registration is off and every sign-in provider is off', async () => {
    const store = cms.strapi.store({ type: 'plugin', name: 'users-permissions' });
    expect(((await store.get({ key: 'advanced' })) as { allow_register: boolean }).allow_register).toBe(false);
    const grant = (await store.get({ key: 'grant' })) as Record<string, { enabled: boolean }>;
    expect(Object.keys(grant).length).toBeGreaterThan(0);
    expect(Object.entries(grant).filter(([, p]) => p.enabled)).toEqual([]);
  });
});
