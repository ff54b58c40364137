import type { BrowserContext, Page } from 'playwright-core';
import { cspViolations, journeyPage, type JourneyPage } from './journey';
import type { Stack } from './stack';
import type { Authenticator } from './staff-accounts';

export const EDITOR = { firstname: 'Eddie', lastname: 'Editor', email: 'editor@riverside.example', password: 'Correct horse battery staple 42' };
export const SERVICE = { title: 'Travel vaccinations', slug: 'travel-vaccinations', summary: 'Vaccines and advice before you travel abroad.', body: 'Book a visit **six weeks** before you leave.' };
export const FORM = { title: 'Flu shot consent', slug: 'flu-shot-consent', clinicCode: 'riverside' };

export interface EditorJourneyOptions {
  context: BrowserContext;
  stack: Stack;
  authenticator: Authenticator;
  shot(page: Page, step: string): Promise<string>;
  /** The full per-page check (CSP, script errors, accessibility), for the public pages. */
  check(jp: JourneyPage, shot: (page: Page, step: string) => Promise<string>, step: string): Promise<void>;
}

/** Picks an option of a Strapi design-system combobox (enumerations in the content manager). */
async function pick(page: Page, name: string, option: string): Promise<void> {
  await page.locator(`[name="${name}"]`).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

async function publish(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Publish' }).click();
  await page.getByText('Published document').first().waitFor({ timeout: 20_000 });
}

/**
 * Journey 1, through the Strapi admin UI as an editor uses it: the first
 * administrator registers, is stopped by the hardening plugin's second factor
 * and enrolls an authenticator on its page, then creates and publishes a
 * service page and a secure-form definition in the content manager; the
 * public site shows the page and renders the form.
 *
 * The Strapi admin itself is third-party code: its pages are checked for CSP
 * violations only (its console chatter and its own accessibility are not ours
 * to assert); the public pages get the full check.
 */
export async function editorJourney(opts: EditorJourneyOptions): Promise<void> {
  const { context, stack, authenticator, shot, check } = opts;
  const admin = await journeyPage(context);
  const page = admin.page;
  const adminCsp: string[] = [];
  const recordCsp = async (step: string) => {
    for (const v of await cspViolations(page)) adminCsp.push(`${step}: ${v}`);
  };

  await page.goto(`${stack.cmsUrl}/admin`);
  await page.waitForURL(/\/admin\/auth\/register-admin/, { timeout: 60_000 });
  await page.locator('input[name=firstname]').fill(EDITOR.firstname);
  await page.locator('input[name=lastname]').fill(EDITOR.lastname);
  await page.locator('input[name=email]').fill(EDITOR.email);
  await page.locator('input[name=password]').fill(EDITOR.password);
  await page.locator('input[name=confirmPassword]').fill(EDITOR.password);
  await shot(page, 'register-admin');
  await recordCsp('register-admin');
  await page.getByRole('button', { name: "Let's start" }).click();
  await page.waitForURL((url) => !url.pathname.includes('/auth/'), { timeout: 30_000 });
  // The admin app keeps routing for a moment after sign-up; let it settle before leaving it.
  await page.waitForLoadState('networkidle');

  // The password alone opens nothing (the hardening plugin's tests prove the API side): the editor goes to the second-factor page.
  await page.goto(`${stack.cmsUrl}/admin/mfa`).catch(() => page.goto(`${stack.cmsUrl}/admin/mfa`));
  await page.locator('#secret').waitFor({ state: 'visible', timeout: 20_000 });
  const secret = ((await page.locator('#secret').textContent()) ?? '').replace(/\s+/g, '');
  expect(await page.locator('#qr').getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
  await shot(page, 'second-factor-enroll');
  await recordCsp('second-factor');
  await page.getByLabel('6-digit code from your authenticator app').fill(await authenticator.code(secret));
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('heading', { name: 'Your recovery codes' }).waitFor();
  await shot(page, 'second-factor-recovery-codes');
  await page.getByRole('button', { name: 'I have stored them, continue' }).click();
  await page.waitForURL(/\/admin\/?$/, { timeout: 30_000 });

  await page.goto(`${stack.cmsUrl}/admin/content-manager/collection-types/api::service-page.service-page/create`);
  await page.locator('input[name=title]').waitFor({ timeout: 30_000 });
  await page.locator('input[name=title]').fill(SERVICE.title);
  await page.locator('input[name=slug]').fill(SERVICE.slug);
  await page.locator('textarea[name=summary]').fill(SERVICE.summary);
  await page.locator('[aria-label="Editor"]').click();
  await page.keyboard.type(SERVICE.body);
  await shot(page, 'service-page-filled');
  await publish(page);
  await shot(page, 'service-page-published');
  await recordCsp('service-page');

  await page.goto(`${stack.cmsUrl}/admin/content-manager/collection-types/api::secure-form.secure-form/create`);
  await page.locator('input[name=title]').waitFor({ timeout: 30_000 });
  await page.locator('input[name=title]').fill(FORM.title);
  await page.locator('input[name=slug]').fill(FORM.slug);
  await page.locator('input[name=clinicCode]').fill(FORM.clinicCode);
  await page.getByRole('button', { name: /No entry yet/ }).click();
  await page.locator('input[name="fields.0.key"]').fill('fullName');
  await page.locator('input[name="fields.0.label"]').fill('Full name');
  await pick(page, 'fields.0.sensitivity', 'identity');
  await page.getByRole('button', { name: /Add an entry/ }).click();
  await page.locator('input[name="fields.1.key"]').fill('phone');
  await page.locator('input[name="fields.1.label"]').fill('Phone');
  await pick(page, 'fields.1.type', 'tel');
  await pick(page, 'fields.1.sensitivity', 'contact');
  await shot(page, 'secure-form-filled');
  await publish(page);
  await shot(page, 'secure-form-published');
  await recordCsp('secure-form');

  // The public site: the page, and the form rendered by the widget.
  const visitor = await journeyPage(context);
  await visitor.page.goto(`${stack.cmsUrl}/services/${SERVICE.slug}`);
  await visitor.page.getByRole('heading', { level: 1, name: SERVICE.title }).waitFor();
  expect(await visitor.page.locator('main').textContent()).toContain('six weeks');
  await check(visitor, shot, 'public-service-page');
  await visitor.page.goto(`${stack.cmsUrl}/forms/${FORM.slug}`);
  await visitor.page.locator('form.psf-form').waitFor({ timeout: 20_000 });
  await visitor.page.getByLabel('Full name').waitFor();
  await visitor.page.getByLabel('Phone').waitFor();
  await check(visitor, shot, 'public-form');
  // Last, so the public pages above are exercised even while the admin's CSP findings are open.
  expect(adminCsp).toEqual([]);
}
