import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { chromiumAvailable, launchChromium } from '../../../tests/helpers/chromium';
import { bootCmsFor, cmsSigningKey, outboxCount, publishForm, type TestCms } from './helpers/cms';
import { startFakePortal, type FakePortal } from './helpers/fake-portal';
import { buildWidget } from './helpers/widget-bundle';

// The classic-script widget in Chromium, served by the CMS, on a page under a
// strict CSP: rendering, accessibility wiring, lazy libsodium, client
// validation, key checks and delivery. The portal is the contract fake, because
// here it must also be able to show what it decrypted.
const describeChromium = chromiumAvailable() ? describe : describe.skip;
const key = cmsSigningKey();
let cms: TestCms;
let portal: FakePortal;
let browser: Browser;
let cmsOrigin: string;
let site: http.Server;
let siteOrigin: string;
let pagePin = '';

/**
 * The clinic's own site, on its own origin, embedding the widget exactly as
 * documented, under a CSP with no inline script or style. libsodium compiles
 * WebAssembly, which needs 'wasm-unsafe-eval' (WebAssembly only, not eval).
 */
function startSite(): Promise<void> {
  site = http.createServer((_req, res) => {
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': `default-src 'none'; script-src ${cmsOrigin} 'wasm-unsafe-eval'; connect-src ${cmsOrigin} ${portalOrigin()}; style-src 'self'`,
    });
    res.end(`<!doctype html><html lang="en"><head><title>Intake</title></head><body><main>
      <script src="${cmsOrigin}/api/secure-forms/widget/secure-forms.js" data-form="new-patient-intake" data-cms="${cmsOrigin}" data-portal="${portalOrigin()}" data-keyset-pin="${pagePin}"></script>
    </main></body></html>`);
  });
  return new Promise((resolve) =>
    site.listen(0, '127.0.0.1', () => {
      siteOrigin = `http://site.localhost:${(site.address() as AddressInfo).port}`;
      resolve();
    }),
  );
}

/** Browsers reach the portal by name, like patient.localhost in development. */
const portalOrigin = () => portal.url.replace('127.0.0.1', 'patient.localhost');

beforeAll(async () => {
  buildWidget();
  portal = await startFakePortal(key.publicPem, key.keyId);
  await startSite();
  cms = await bootCmsFor(portal, key, { CMS_CORS_ORIGINS: siteOrigin });
  await cms.strapi.documents('api::secure-form.secure-form').create({
    data: {
      title: 'New patient intake',
      slug: 'new-patient-intake',
      description: 'Tell us about your visit.',
      clinicCode: 'riverside',
      retentionDays: 30,
      fields: [
        { key: 'fullName', label: 'Full name', type: 'text', required: true, sensitivity: 'identity' },
        { key: 'email', label: 'Email', type: 'email', required: false, helpText: 'We only use it to reply.', sensitivity: 'contact' },
        { key: 'visit', label: 'Visit type', type: 'radio', required: true, options: 'New\nFollow-up', sensitivity: 'clinical' },
        { key: 'consent', label: 'I agree to be contacted', type: 'checkbox', required: true, sensitivity: 'contact' },
      ],
    } as never,
    status: 'published',
  });
  await publishForm(cms.strapi, 'unused');
  const server = cms.strapi.server.httpServer;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cmsOrigin = `http://www.localhost:${(server.address() as AddressInfo).port}`;
  if (chromiumAvailable()) browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await cms?.stop();
  await portal?.close();
  await new Promise((resolve) => site?.close(resolve));
});

async function openPage(pin: string): Promise<{ page: Page; requests: string[]; problems: string[] }> {
  pagePin = pin;
  const context = await browser.newContext();
  const page = await context.newPage();
  const requests: string[] = [];
  const problems: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('requestfailed', (r) => problems.push(`failed ${r.url()} ${r.failure()?.errorText}`));
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${siteOrigin}/intake`);
  await page.getByRole('heading', { name: 'New patient intake' }).waitFor();
  return { page, requests, problems };
}

describeChromium('the widget in Chromium', () => {
  it('renders an accessible form and loads libsodium only on first interaction', async () => {
    const { page, requests, problems } = await openPage(portal.pin);
    const name = page.getByLabel('Full name');
    expect(await name.getAttribute('aria-required')).toBe('true');
    const email = page.getByLabel('Email');
    const describedBy = (await email.getAttribute('aria-describedby'))!.split(' ');
    expect(await page.locator(`[id="${describedBy[0]}"]`).textContent()).toBe('We only use it to reply.');
    expect(await page.getByRole('group', { name: /Visit type/ }).count()).toBe(1);
    expect(requests.some((u) => u.includes('secure-forms-sodium'))).toBe(false);

    await name.focus();
    await expect_(async () => requests.some((u) => u.includes('secure-forms-sodium')));
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('shows inline errors tied to their fields, moves focus to the first, and keeps the layout still', async () => {
    const { page, problems } = await openPage(portal.pin);
    const before = await page.getByRole('button', { name: 'Send securely' }).boundingBox();
    await page.getByRole('button', { name: 'Send securely' }).click();
    const name = page.getByLabel('Full name');
    await expect_(async () => (await name.getAttribute('aria-invalid')) === 'true');
    const errorId = (await name.getAttribute('aria-describedby'))!.split(' ').pop()!;
    expect(await page.locator(`[id="${errorId}"]`).textContent()).toBe('This field is required.');
    expect(await name.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    const after = await page.getByRole('button', { name: 'Send securely' }).boundingBox();
    expect(after?.y).toBe(before?.y);
    expect(await outboxCount(cms.strapi)).toBe(0);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('encrypts in the page and delivers: the portal opens the canary, the CMS never saw it', async () => {
    const canary = `CANARY-BROWSER-${Date.now()}`;
    const { page, problems } = await openPage(portal.pin);
    const posted: string[] = [];
    page.on('request', (r) => r.url().endsWith('/api/secure-forms/submissions') && posted.push(r.postData() ?? ''));
    await page.getByLabel('Full name').fill(canary);
    await page.getByRole('radio', { name: 'Follow-up' }).check();
    await page.getByLabel('I agree to be contacted').check();
    await page.getByRole('button', { name: 'Send securely' }).click();
    await page
      .getByText(/Your answers were encrypted in this browser and sent securely/)
      .waitFor({ timeout: 10_000 })
      .catch(async () => {
        throw new Error(`status: ${await page.locator('.psf-status').textContent()} problems: ${problems.join(' | ')}`);
      });
    expect(posted).toHaveLength(1);
    expect(posted[0]).not.toContain(canary);
    const id = JSON.parse(posted[0]!).id as string;
    expect(portal.opened.get(id)?.answers).toEqual({ fullName: canary, visit: 'Follow-up', consent: true });
    expect(await outboxCount(cms.strapi)).toBe(0);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('refuses to encrypt when the key set does not match the pin, and sends nothing', async () => {
    const { page } = await openPage(`sha256:${'A'.repeat(43)}`);
    const posted: string[] = [];
    page.on('request', (r) => r.url().endsWith('/api/secure-forms/submissions') && posted.push(r.url()));
    await page.getByLabel('Full name').fill('Ada');
    await page.getByRole('radio', { name: 'New' }).check();
    await page.getByLabel('I agree to be contacted').check();
    await page.getByRole('button', { name: 'Send securely' }).click();
    await page.getByText(/encryption key could not be verified.*Nothing was sent/).waitFor();
    expect(posted).toEqual([]);
    await page.context().close();
  });
});

async function expect_(condition: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
