import request from 'supertest';
import { bootCms, type TestCms } from '../../../cms/test/helpers/strapi';
import { createAdmin, passwordLogin, passwordToken } from './helpers/admin';
import { advanceClock, bearer, clockOf, currentCode, enroll, relaxSignInLimits, signInWithFactor, verifiedAdmin } from './helpers/mfa';

let cms: TestCms;
const http = () => request(cms.strapi.server.httpServer);

beforeAll(async () => {
  cms = await bootCms();
  relaxSignInLimits(cms.strapi);
  clockOf(cms.strapi).set(() => new Date('2026-06-01T09:00:00Z'));
});
afterAll(async () => {
  await cms?.stop();
});

const mfaRequired = (res: request.Response) => {
  expect(res.status).toBe(403);
  expect(res.body.error.details).toEqual(expect.objectContaining({ code: 'MFA_REQUIRED', location: '/admin/mfa' }));
};

describe('the admin API without the second factor', () => {
  it('refuses a token obtained by password alone, on core and plugin admin routes', async () => {
    const admin = await createAdmin(cms.strapi);
    const token = await passwordToken(cms.strapi, admin);
    for (const path of ['/admin/users/me', '/admin/users', '/content-manager/collection-types/api::faq.faq', '/upload/files', '/content-type-builder/content-types', '/admin/api-tokens']) {
      mfaRequired(await http().get(path).set(bearer(token)));
    }
    mfaRequired(await http().post('/content-manager/collection-types/api::faq.faq').set(bearer(token)).send({ question: 'q?', answer: 'a' }));
    expect(await cms.strapi.db.query('api::faq.faq').count({})).toBe(0);
    const refused = await cms.strapi.db.query('plugin::hardening.audit-event').findOne({ where: { action: 'content-manager.collection-types.create' } });
    expect(refused).toEqual(expect.objectContaining({ actorId: String(admin.id), outcome: 'denied', status: 403 }));
  });

  it('still lets that session reach the second-factor step and sign out', async () => {
    const admin = await createAdmin(cms.strapi);
    const token = await passwordToken(cms.strapi, admin);
    const status = await http().get('/admin/mfa/status').set(bearer(token)).expect(200);
    expect(status.body.data).toEqual(expect.objectContaining({ enrolled: false, verified: false, locked: false, email: admin.email }));
    await http().post('/admin/logout').set(bearer(token)).expect(200);
  });

  it('serves the second-factor page itself without a token', async () => {
    const page = await http().get('/admin/mfa').expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('<script src="/admin/mfa/script" defer></script>');
    const script = await http().get('/admin/mfa/script').expect(200);
    expect(script.headers['content-type']).toMatch(/javascript/);
  });
});

describe('enrollment and verification', () => {
  it('enrolls with an otpauth URI and a QR code, refuses a wrong first code, then opens the admin API', async () => {
    const admin = await createAdmin(cms.strapi);
    const token = await passwordToken(cms.strapi, admin);
    const started = await http().post('/admin/mfa/enroll').set(bearer(token)).expect(200);
    expect(started.body.data.otpauthUri).toMatch(/^otpauth:\/\/totp\/.*secret=/);
    expect(started.body.data.qr).toMatch(/^data:image\/svg\+xml;base64,/);
    const wrong = await http().post('/admin/mfa/enroll/confirm').set(bearer(token)).send({ code: '000000' });
    expect(wrong.status).toBe(400);
    mfaRequired(await http().get('/admin/users/me').set(bearer(token)));

    const ok = await http().post('/admin/mfa/enroll/confirm').set(bearer(token)).send({ code: await currentCode(cms.strapi, started.body.data.secret) }).expect(200);
    expect(ok.body.data.recoveryCodes).toHaveLength(10);
    const me = await http().get('/admin/users/me').set(bearer(token)).expect(200);
    expect(me.body.data.email).toBe(admin.email);
  });

  it('stores the TOTP secret encrypted and the recovery codes hashed', async () => {
    const admin = await verifiedAdmin(cms.strapi);
    const row = await cms.strapi.db.query('plugin::hardening.admin-factor').findOne({ where: { userId: admin.id } });
    expect(row.secret).not.toContain(admin.secret);
    expect(row.secret).toMatch(/^v1:/);
    expect(JSON.stringify(row.recoveryCodes)).not.toContain(admin.recoveryCodes[0]!.replace(/-/g, ''));
    expect(row.recoveryCodes).toHaveLength(10);
  });

  it('refuses a second enrollment on an enrolled account', async () => {
    const admin = await verifiedAdmin(cms.strapi);
    const token = await passwordToken(cms.strapi, admin);
    const res = await http().post('/admin/mfa/enroll').set(bearer(token));
    expect(res.status).toBe(400);
    expect(res.body.error.details.code).toBe('ALREADY_ENROLLED');
  });

  it('refuses a TOTP code that was already used (replay), even in another session', async () => {
    const admin = await verifiedAdmin(cms.strapi);
    const first = await passwordToken(cms.strapi, admin);
    advanceClock(cms.strapi, 30_000);
    const code = await currentCode(cms.strapi, admin.secret);
    await http().post('/admin/mfa/verify').set(bearer(first)).send({ code }).expect(200);

    const second = await passwordToken(cms.strapi, admin);
    const replay = await http().post('/admin/mfa/verify').set(bearer(second)).send({ code });
    expect(replay.status).toBe(400);
    expect(replay.body.error.details.code).toBe('REPLAYED');
    mfaRequired(await http().get('/admin/users/me').set(bearer(second)));

    advanceClock(cms.strapi, 30_000);
    await http().post('/admin/mfa/verify').set(bearer(second)).send({ code: await currentCode(cms.strapi, admin.secret) }).expect(200);
    await http().get('/admin/users/me').set(bearer(second)).expect(200);
  });

  it('accepts each recovery code once', async () => {
    const admin = await verifiedAdmin(cms.strapi);
    const a = await passwordToken(cms.strapi, admin);
    const used = await http().post('/admin/mfa/verify').set(bearer(a)).send({ recoveryCode: admin.recoveryCodes[0] }).expect(200);
    expect(used.body.data).toEqual({ method: 'recovery-code', recoveryCodesLeft: 9 });
    await http().get('/admin/users/me').set(bearer(a)).expect(200);

    const b = await passwordToken(cms.strapi, admin);
    expect((await http().post('/admin/mfa/verify').set(bearer(b)).send({ recoveryCode: admin.recoveryCodes[0] })).status).toBe(400);
  });

  it('keeps the factor across access-token refreshes of the same sign-in, not across sign-ins', async () => {
    const admin = await verifiedAdmin(cms.strapi);
    const login = await passwordLogin(cms.strapi, admin);
    const cookie = login.headers['set-cookie'] as unknown as string[];
    advanceClock(cms.strapi, 30_000);
    await http().post('/admin/mfa/verify').set(bearer(login.body.data.token)).send({ code: await currentCode(cms.strapi, admin.secret) }).expect(200);

    const refreshed = await http().post('/admin/access-token').set('Cookie', cookie).expect(200);
    expect(refreshed.body.data.token).not.toBe(login.body.data.token);
    await http().get('/admin/users/me').set(bearer(refreshed.body.data.token)).expect(200);

    mfaRequired(await http().get('/admin/users/me').set(bearer(await passwordToken(cms.strapi, admin))));
  });
});

describe('lockout across both factors', () => {
  it('locks after 10 consecutive failures of either factor, for a growing time', async () => {
    const admin = await verifiedAdmin(cms.strapi);
    for (let i = 0; i < 5; i++) expect((await passwordLogin(cms.strapi, { email: admin.email, password: 'wrong password, wrong' })).status).toBe(400);
    // A right password does not clear the failures; wrong codes keep counting.
    const token = await passwordToken(cms.strapi, admin);
    for (let i = 0; i < 4; i++) expect((await http().post('/admin/mfa/verify').set(bearer(token)).send({ code: '000000' })).status).toBe(400);
    const tenth = await http().post('/admin/mfa/verify').set(bearer(token)).send({ code: '000001' });
    expect(tenth.status).toBe(429);
    expect(tenth.body.error.details.code).toBe('ACCOUNT_LOCKED');

    const locked = await passwordLogin(cms.strapi, admin);
    expect(locked.status).toBe(429);
    expect(locked.body.error.details.code).toBe('ACCOUNT_LOCKED');
    expect(Number(locked.headers['retry-after'])).toBe(15 * 60);
    advanceClock(cms.strapi, 30_000);
    expect((await http().post('/admin/mfa/verify').set(bearer(token)).send({ code: await currentCode(cms.strapi, admin.secret) })).status).toBe(429);

    advanceClock(cms.strapi, 15 * 60_000);
    for (let i = 0; i < 10; i++) await passwordLogin(cms.strapi, { email: admin.email, password: 'still the wrong one' });
    const again = await passwordLogin(cms.strapi, admin);
    expect(again.status).toBe(429);
    expect(Number(again.headers['retry-after'])).toBe(30 * 60);

    advanceClock(cms.strapi, 30 * 60_000);
    await signInWithFactor(cms.strapi, admin);
    const row = await cms.strapi.db.query('plugin::hardening.admin-factor').findOne({ where: { userId: admin.id } });
    expect(row).toEqual(expect.objectContaining({ failures: 0, lockCount: 0, lockedUntil: null }));
    const locks = await cms.strapi.db.query('plugin::hardening.audit-event').findMany({ where: { action: 'admin.account.lock', targetId: String(admin.id) } });
    expect(locks).toHaveLength(2);
  });
});

describe('factor reset by a super admin', () => {
  it('a super admin resets another admin: that admin is signed out and must enroll again', async () => {
    const boss = await verifiedAdmin(cms.strapi);
    const editor = await verifiedAdmin(cms.strapi, { roleCode: 'strapi-editor' });
    await http().get('/admin/users/me').set(bearer(editor.token)).expect(200);

    const denied = await http().post(`/hardening/admins/${boss.id}/mfa/reset`).set(bearer(editor.token));
    expect(denied.status).toBe(403);

    await http().post(`/hardening/admins/${editor.id}/mfa/reset`).set(bearer(boss.token)).expect(200);
    const reset = await cms.strapi.db.query('plugin::hardening.audit-event').findOne({ where: { action: 'admin.mfa.reset' } });
    expect(reset).toEqual(expect.objectContaining({ actorType: 'admin', actorId: String(boss.id), subject: 'admin::user', targetId: String(editor.id), outcome: 'success' }));
    expect((await http().get('/admin/users/me').set(bearer(editor.token))).status).toBe(401);
    const fresh = await passwordToken(cms.strapi, editor);
    const status = await http().get('/admin/mfa/status').set(bearer(fresh)).expect(200);
    expect(status.body.data.enrolled).toBe(false);
    advanceClock(cms.strapi, 30_000);
    await enroll(cms.strapi, fresh);
    await http().get('/admin/users/me').set(bearer(fresh)).expect(200);
  });
});
