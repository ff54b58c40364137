import request from 'supertest';
import { bootCms, type TestCms } from './helpers/strapi';

// The CMS on its own PostgreSQL database, as in production. CI provides one in
// CMS_TEST_DATABASE_URL; without it this file has nothing to run against.
const url = process.env.CMS_TEST_DATABASE_URL;
const onPostgres = url ? describe : describe.skip;

onPostgres('CMS on PostgreSQL (CMS_TEST_DATABASE_URL)', () => {
  let cms: TestCms;

  beforeAll(async () => {
    cms = await bootCms({ CMS_DATABASE_URL: url as string });
  });

  afterAll(async () => {
    await cms?.stop();
  });

  it('stores content in PostgreSQL and serves only what is published', async () => {
    expect(cms.strapi.db.dialect.client).toBe('postgres');
    const live = await cms.strapi.documents('api::faq.faq').create({ data: { question: 'Open on holidays?', answer: 'No.' }, status: 'published' });
    const draft = await cms.strapi.documents('api::faq.faq').create({ data: { question: 'Draft question', answer: 'Not yet.' } });
    const res = await request(cms.strapi.server.httpServer).get('/api/faqs').expect(200);
    const ids = res.body.data.map((e: { documentId: string }) => e.documentId);
    expect(ids).toContain(live.documentId);
    expect(ids).not.toContain(draft.documentId);
  });
});
