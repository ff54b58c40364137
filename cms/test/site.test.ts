import request from 'supertest';
import { bootCms, type TestCms } from './helpers/strapi';

let cms: TestCms;
const http = () => request(cms.strapi.server.httpServer);

beforeAll(async () => {
  cms = await bootCms({ CMS_SEED_DEMO: 'true' });
  await cms.strapi.documents('api::service-page.service-page').create({
    data: { title: 'Unreleased service', slug: 'unreleased-service', summary: 'Draft only' } as never,
  });
  await cms.strapi.documents('api::faq.faq').create({
    data: { question: 'Sneaky <script>alert(1)</script>', answer: 'Inline <img src=x onerror=alert(1)> **bold**' },
    status: 'published',
  });
});

afterAll(async () => {
  await cms?.stop();
});

describe('demo public site', () => {
  it('renders the home page from published content', async () => {
    const res = await http()
      .get('/')
      .expect(200)
      .expect('content-type', /text\/html/);
    expect(res.text).toContain('Primary care');
    expect(res.text).toContain('Dr. Amara Okafor');
    expect(res.text).not.toContain('Unreleased service');
  });

  it('renders a service page with its providers and locations', async () => {
    const res = await http().get('/services/primary-care').expect(200);
    expect(res.text).toContain('<h2>What to expect</h2>');
    expect(res.text).toContain('Dr. Erik Lindqvist');
    expect(res.text).toContain('120 River Street');
  });

  it('answers 404 for drafts and unknown pages', async () => {
    await http().get('/services/unreleased-service').expect(404);
    await http().get('/providers/nobody').expect(404);
  });

  it('escapes editor input: no markup from content reaches the page', async () => {
    const res = await http().get('/faq').expect(200);
    expect(res.text).toContain('Sneaky &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(res.text).not.toContain('<img src=x');
    expect(res.text).toContain('<strong>bold</strong>');
  });

  it('serves a favicon (browsers ask for it on every page)', async () => {
    await http().get('/favicon.ico').expect(200);
  });

  it('embeds the secure-forms widget on the form page, with no inline script', async () => {
    const res = await http().get('/forms/new-patient-intake').expect(200);
    expect(res.text).toMatch(/<script\s+src="[^"]+secure-forms[^"]*\.js"\s+data-form="new-patient-intake"\s+data-cms="[^"]+"\s+data-portal="[^"]+"/);
    const src = /<script\s+src="([^"]+)"/.exec(res.text)?.[1] as string;
    await http().get(src).expect(200).expect('content-type', /javascript/);
    expect(res.text).not.toMatch(/<script>(?!<\/script>)/);
    expect(res.text).not.toMatch(/ style="/);
  });
});
