import request from 'supertest';
import { bootCms, type TestCms } from '../../../cms/test/helpers/strapi';
import { passwordLogin } from './helpers/admin';
import { bearer, clockOf, verifiedAdmin, type VerifiedAdmin } from './helpers/mfa';

const CANARY = 'CANARY-5f1c9e7a-do-not-log';
const DAY = 86_400_000;

let cms: TestCms;
let admin: VerifiedAdmin;
const http = () => request(cms.strapi.server.httpServer);
const as = (r: request.Test) => r.set(bearer(admin.token));

type Row = { seq: number; actorType: string; actorId: string | null; action: string; subject: string | null; targetId: string | null; ip: string | null; outcome: string; status: number | null };
const trail = async (): Promise<Row[]> => cms.strapi.db.query('plugin::hardening.audit-event').findMany({ orderBy: { seq: 'asc' } });

beforeAll(async () => {
  cms = await bootCms();
  admin = await verifiedAdmin(cms.strapi);
});
afterAll(async () => {
  await cms?.stop();
});

describe('every admin write is recorded, without any value', () => {
  let faqId: string;
  let fileId: number;

  beforeAll(async () => {
    const cm = '/content-manager/collection-types/api::faq.faq';
    const created = await as(http().post(cm)).send({ question: CANARY, answer: CANARY }).expect(201);
    faqId = created.body.data.documentId;
    await as(http().put(`${cm}/${faqId}`)).send({ question: `${CANARY} again`, answer: CANARY }).expect(200);
    await as(http().post(`${cm}/${faqId}/actions/publish`)).send({}).expect(200);
    await as(http().post(`${cm}/${faqId}/actions/unpublish`)).send({}).expect(200);
    await as(http().delete(`${cm}/${faqId}`)).expect(200);

    const upload = await as(http().post('/upload')).attach('files', Buffer.from(CANARY), `${CANARY}.txt`).field('fileInfo', JSON.stringify({ name: CANARY, caption: CANARY })).expect(201);
    fileId = upload.body[0].id;
    await as(http().delete(`/upload/files/${fileId}`)).expect(200);

    const editor = await cms.strapi.db.query('admin::role').findOne({ where: { code: 'strapi-editor' } });
    await as(http().post('/admin/users')).send({ email: 'new.editor@clinic.example', firstname: CANARY, lastname: CANARY, roles: [editor.id] }).expect(201);
    const role = await as(http().post('/admin/roles')).send({ name: CANARY, description: CANARY }).expect(201);
    await as(http().put(`/admin/roles/${role.body.data.id}/permissions`)).send({ permissions: [] }).expect(200);

    const token = await as(http().post('/admin/api-tokens')).send({ name: CANARY, description: CANARY, type: 'read-only', lifespan: 7 * DAY }).expect(201);
    await http().get('/api/faqs').set(bearer(token.body.data.accessKey)).expect(200);
    await http().get('/api/faqs').set(bearer('not-a-real-token')).expect(401);

    await as(http().put('/upload/settings')).send({ sizeOptimization: true, responsiveDimensions: false, autoOrientation: false }).expect(200);
    expect((await passwordLogin(cms.strapi, { email: admin.email, password: CANARY })).status).toBe(400);
  });

  it.each([
    ['content-manager.collection-types.create', 'api::faq.faq', 'success'],
    ['content-manager.collection-types.update', 'api::faq.faq', 'success'],
    ['content-manager.collection-types.publish', 'api::faq.faq', 'success'],
    ['content-manager.collection-types.unpublish', 'api::faq.faq', 'success'],
    ['content-manager.collection-types.delete', 'api::faq.faq', 'success'],
    ['upload.admin-upload.upload', 'plugin::upload.file', 'success'],
    ['upload.admin-file.destroy', 'plugin::upload.file', 'success'],
    ['admin.user.create', 'admin::user', 'success'],
    ['admin.role.create', 'admin::role', 'success'],
    ['admin.role.updatePermissions', 'admin::role', 'success'],
    ['admin.api-token.create', 'admin::api-token', 'success'],
    ['upload.admin-settings.updateSettings', 'upload.admin-settings', 'success'],
  ])('%s on %s', async (action, subject, outcome) => {
    const rows = (await trail()).filter((r) => r.action === action);
    expect(rows).toEqual([expect.objectContaining({ actorType: 'admin', actorId: String(admin.id), subject, outcome, ip: expect.stringMatching(/127\.0\.0\.1/) })]);
  });

  it('names the document acted on', async () => {
    const rows = (await trail()).filter((r) => r.subject === 'api::faq.faq');
    expect(rows.map((r) => r.targetId)).toEqual([faqId, faqId, faqId, faqId, faqId]);
    expect((await trail()).find((r) => r.action === 'upload.admin-file.destroy')?.targetId).toBe(String(fileId));
  });

  it('records sign-ins, the second factor, failures, and API token use', async () => {
    const rows = await trail();
    const of = (action: string) => rows.filter((r) => r.action === action).map((r) => r.outcome);
    expect(of('admin.login.password')).toEqual(['success', 'failure']);
    expect(of('admin.mfa.enroll')).toEqual(['success']);
    expect(rows.find((r) => r.action === 'api-token.use')).toEqual(expect.objectContaining({ actorType: 'api-token', subject: 'api::faq.faq.find', outcome: 'success' }));
    expect(rows.find((r) => r.action === 'api-token.rejected')).toEqual(expect.objectContaining({ actorType: 'anonymous', outcome: 'denied', status: 401 }));
  });

  it('a canary placed in content, file names, user names, role and token names appears nowhere in the trail', async () => {
    const raw = JSON.stringify(await cms.strapi.db.connection('hardening_audit_events').select('*'));
    expect(raw).not.toContain('CANARY');
    const exported = await as(http().get('/hardening/audit/export')).expect(200);
    expect(exported.text.trim().split('\n').length).toBe((await trail()).length);
    expect(exported.text).not.toContain('CANARY');
  });
});

describe('browsing, export and verification', () => {
  it('filters the trail by action, actor and outcome', async () => {
    const res = await as(http().get('/hardening/audit')).query({ action: 'content-manager.', actorId: String(admin.id), outcome: 'success', pageSize: 2 }).expect(200);
    expect(res.body.pagination).toEqual({ page: 1, pageSize: 2, total: 5 });
    expect(res.body.results.map((r: Row) => r.action)).toEqual(['content-manager.collection-types.delete', 'content-manager.collection-types.unpublish']);
  });

  it('exports JSON lines that carry the chain', async () => {
    const res = await as(http().get('/hardening/audit/export')).query({ action: 'admin.role.' }).expect(200);
    expect(res.headers['content-type']).toMatch(/application\/x-ndjson/);
    const lines = res.text.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.action)).toEqual(['admin.role.create', 'admin.role.updatePermissions']);
    expect(lines[0]).toEqual(expect.objectContaining({ hash: expect.stringMatching(/^[0-9a-f]{64}$/), prevHash: expect.stringMatching(/^[0-9a-f]{64}$/) }));
  });

  it('an editor without the plugin permission cannot read the trail', async () => {
    const editor = await verifiedAdmin(cms.strapi, { roleCode: 'strapi-editor' });
    expect((await http().get('/hardening/audit').set(bearer(editor.token))).status).toBe(403);
  });

  it('verifies the untouched chain', async () => {
    const res = await as(http().get('/hardening/audit/verify')).expect(200);
    expect(res.body.data).toEqual(expect.objectContaining({ ok: true, head: expect.stringMatching(/^[0-9a-f]{64}$/) }));
    expect(res.body.data.count).toBe((await trail()).length);
  });
});

describe('retention', () => {
  it('purges records past the retention period and the rest still verifies', async () => {
    const before = await trail();
    clockOf(cms.strapi).set(() => new Date(Date.now() + 400 * DAY));
    try {
      const purged = await cms.strapi.plugin('hardening').service('audit-retention').purge(clockOf(cms.strapi).now());
      expect(purged.deleted).toBe(before.length);
      const after = await trail();
      expect(after.map((r) => r.action)).toEqual(['audit.retention.purge']);
      expect(after[0]?.seq).toBe(before.length + 1);
      const verified = await as(http().get('/hardening/audit/verify')).expect(200);
      expect(verified.body.data).toEqual(expect.objectContaining({ ok: true, startsAfter: before.length }));
    } finally {
      clockOf(cms.strapi).set();
    }
  });
});
