import request from 'supertest';
import type { UID } from '@strapi/strapi';
import { bootCms, type TestCms } from './helpers/strapi';

const types: Array<{ uid: UID.ContentType; plural: string; data: Record<string, unknown> }> = [
  { uid: 'api::service-page.service-page', plural: 'service-pages', data: { title: 'Physiotherapy', slug: 'physiotherapy' } },
  { uid: 'api::provider.provider', plural: 'providers', data: { name: 'Dr. Ada Park', slug: 'dr-ada-park' } },
  { uid: 'api::location.location', plural: 'locations', data: { name: 'Northside', slug: 'northside', address: '1 North Road' } },
  { uid: 'api::education-article.education-article', plural: 'education-articles', data: { title: 'Sleep well', slug: 'sleep-well' } },
  { uid: 'api::faq.faq', plural: 'faqs', data: { question: 'Do you open on Sunday?', answer: 'No.' } },
  {
    uid: 'api::secure-form.secure-form',
    plural: 'secure-forms',
    data: { title: 'Contact us', slug: 'contact-us', clinicCode: 'riverside', retentionDays: 30, fields: [] },
  },
];

let cms: TestCms;
const http = () => request(cms.strapi.server.httpServer);
const published: Record<string, string> = {};
const drafts: Record<string, string> = {};

beforeAll(async () => {
  cms = await bootCms();
  for (const t of types) {
    published[t.plural] = (await cms.strapi.documents(t.uid).create({ data: t.data as never, status: 'published' })).documentId;
    const draftData = { ...t.data, ...('slug' in t.data ? { slug: `${String(t.data.slug)}-draft` } : {}) };
    drafts[t.plural] = (await cms.strapi.documents(t.uid).create({ data: draftData as never })).documentId;
  }
});

afterAll(async () => {
  await cms?.stop();
});

describe.each(types)('public content API: $plural', ({ plural }) => {
  it('lists published entries and never drafts', async () => {
    const res = await http().get(`/api/${plural}`).expect(200);
    const ids = res.body.data.map((e: { documentId: string }) => e.documentId);
    expect(ids).toContain(published[plural]);
    expect(ids).not.toContain(drafts[plural]);
  });

  it('reads a published entry and answers 404 for a draft', async () => {
    await http().get(`/api/${plural}/${published[plural]}`).expect(200);
    await http().get(`/api/${plural}/${drafts[plural]}`).expect(404);
  });

  it('refuses to serve drafts when asked for them', async () => {
    const res = await http().get(`/api/${plural}?status=draft`).expect(400);
    expect(res.body.error.message).toMatch(/published/);
    await http().get(`/api/${plural}/${drafts[plural]}?status=draft`).expect(400);
    await http().get(`/api/${plural}?publicationState=preview`).expect(400);
  });

  it('refuses every write from the public', async () => {
    const body = { data: { title: 'defaced', question: 'defaced', name: 'defaced' } };
    for (const res of [
      await http().post(`/api/${plural}`).send(body),
      await http().put(`/api/${plural}/${published[plural]}`).send(body),
      await http().delete(`/api/${plural}/${published[plural]}`),
    ]) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
    const after = await http().get(`/api/${plural}/${published[plural]}`).expect(200);
    expect(JSON.stringify(after.body)).not.toContain('defaced');
  });
});

describe('public role', () => {
  it('holds exactly find and findOne on the public content types', async () => {
    const role = await cms.strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'public' } });
    const perms: Array<{ action: string }> = await cms.strapi.db
      .query('plugin::users-permissions.permission')
      .findMany({ where: { role: role.id } });
    const expected = types.flatMap((t) => [`${t.uid}.find`, `${t.uid}.findOne`]);
    expect(perms.map((p) => p.action).sort()).toEqual(expected.sort());
  });

  it('cannot register an account: the CMS has no patient accounts', async () => {
    const res = await http()
      .post('/api/auth/local/register')
      .send({ username: 'visitor', email: 'visitor@example.org', password: 'a long enough password' });
    expect([403, 404, 405]).toContain(res.status);
    const users = await cms.strapi.db.query('plugin::users-permissions.user').count({});
    expect(users).toBe(0);
  });

  it('cannot sign in with the local provider', async () => {
    const res = await http().post('/api/auth/local').send({ identifier: 'visitor@example.org', password: 'whatever-it-is' });
    expect([400, 403, 404]).toContain(res.status);
    expect(res.body.jwt).toBeUndefined();
  });
});
