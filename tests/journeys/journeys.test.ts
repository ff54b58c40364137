/**
 * The three user journeys of issue 6, end to end: the real portal and CMS as
 * child processes (as `npm start` runs them) and Debian's Chromium. One stack
 * serves all three so the suite stays within a few minutes on two cores; the
 * journeys run in order (the staff read what the visitor sent).
 *
 * On every page: no script error or CSP violation, and axe-core finds no
 * serious or critical WCAG 2.1 A/AA violation. Screenshots of each step go to
 * tests/artifacts/screenshots/<journey>/.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromiumAvailable, launchChromium } from '../helpers/chromium';
import { cspViolations, journeyPage, screenshotter, seriousA11yViolations, type JourneyPage } from '../helpers/journey';
import { cmsOutboxDepth } from '../helpers/cms-db';
import { editorJourney } from '../helpers/editor-journey';
import { heading, signInThroughUi, signOutThroughUi } from '../helpers/portal-ui';
import { startStack, type Stack } from '../helpers/stack';
import { Authenticator, readDevAccounts, type DevAccount } from '../helpers/staff-accounts';

const describeInChromium = chromiumAvailable() ? describe : describe.skip;
if (!chromiumAvailable()) process.stderr.write('journeys skipped: no Chromium at /usr/bin/chromium (apt-get install -y chromium)\n');

jest.setTimeout(120_000);

const canary = `CANARY${randomBytes(5).toString('hex').toUpperCase()}`;
const answers = {
  fullName: `Ada ${canary}`,
  dateOfBirth: '1990-04-12',
  email: `${canary.toLowerCase()}@example.org`,
  phone: '555-0100',
  preferredLocation: 'Riverside Family Clinic',
  reasonForVisit: `Headaches since March ${canary}-reason`,
  currentMedications: `Ibuprofen ${canary}-meds`,
};

let stack: Stack;
let browser: Browser;
let accounts: Map<string, DevAccount>;
const authenticator = new Authenticator();
const contexts: BrowserContext[] = [];
let submissionId = '';

function account(handle: string): DevAccount {
  const a = accounts.get(handle);
  if (!a) throw new Error(`no development account ${handle}`);
  return a;
}

async function newContext(): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  return context;
}

/** The checks every page gets: a screenshot, no CSP violation or script error, no serious accessibility problem. */
async function check(jp: JourneyPage, shot: (page: Page, step: string) => Promise<string>, step: string): Promise<void> {
  await shot(jp.page, step);
  expect({ step, csp: await cspViolations(jp.page), problems: jp.problems() }).toEqual({ step, csp: [], problems: [] });
  expect({ step, a11y: await seriousA11yViolations(jp.page) }).toEqual({ step, a11y: [] });
}

/** A same-origin call from the page itself, with whatever cookies the browser still holds. */
async function statusOf(page: Page, path: string): Promise<number> {
  return page.evaluate(async (p) => (await fetch(p, { credentials: 'same-origin' })).status, path);
}

describeInChromium('user journeys in Chromium', () => {
  beforeAll(async () => {
    stack = await startStack();
    browser = await launchChromium();
    accounts = await readDevAccounts(stack.home);
  }, 240_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await stack?.stop();
  });

  describe('1. editor', () => {
    it('signs in to the Strapi admin with the second factor, publishes a service page and a secure form; the public site shows both', async () => {
      const context = await newContext();
      await editorJourney({ context, stack, authenticator, shot: screenshotter('editor'), check });
    }, 300_000);
  });

  describe('2. visitor', () => {
    it('fills the new-patient form with canary values; no request to the CMS carries them; the outbox ends empty', async () => {
      const shot = screenshotter('visitor');
      const context = await newContext();
      const jp = await journeyPage(context);
      const { page } = jp;
      const cmsHost = new URL(stack.cmsUrl).host;
      const sentToCms: string[] = [];
      page.on('request', (req) => {
        if (new URL(req.url()).host !== cmsHost) return;
        sentToCms.push(`${req.method()} ${req.url()}\n${req.postData() ?? ''}`);
      });

      await page.goto(`${stack.cmsUrl}/forms/new-patient-intake`);
      await page.locator('form.psf-form').waitFor({ timeout: 20_000 });
      await check(jp, shot, 'form');

      for (const [name, value] of Object.entries(answers)) {
        const control = page.locator(`form.psf-form [name="${name}"]`);
        if (name === 'preferredLocation') await control.selectOption(value);
        else await control.fill(value);
      }
      await page.locator('form.psf-form [name="contactConsent"]').check();
      await shot(page, 'filled');
      await page.getByRole('button', { name: 'Send securely' }).click();
      await page.getByText('Thank you. Your answers were encrypted in this browser and sent securely.').waitFor({ timeout: 30_000 });
      await check(jp, shot, 'sent');

      const posts = sentToCms.filter((r) => r.startsWith('POST '));
      expect(posts.length).toBeGreaterThan(0);
      for (const request of sentToCms) {
        expect(request).not.toContain(canary);
        expect(request).not.toContain(canary.toLowerCase());
      }

      // Delivered and shredded: the CMS outbox (a plain table in its SQLite file) ends empty.
      const deadline = Date.now() + 30_000;
      let pending = await cmsOutboxDepth(stack.home);
      while (pending > 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 500));
        pending = await cmsOutboxDepth(stack.home);
      }
      expect(pending).toBe(0);
    });
  });

  describe('3. staff', () => {
    const shot = screenshotter('staff');

    it('a clinician of Riverside signs in, sees the submission unread in the inbox, opens it and reads the canary values', async () => {
      const context = await newContext();
      const jp = await journeyPage(context);
      const { page } = jp;
      await signInThroughUi(page, stack.portalUrl, account('clinician@riverside'), authenticator, (step) => check(jp, shot, `clinician-${step}`));
      await heading(page, 'Inbox');
      const row = page.locator('tbody tr').first();
      await row.waitFor();
      expect(await row.textContent()).toContain('Unread');
      expect(await page.locator('.counts').textContent()).toContain('1 new');
      await check(jp, shot, 'inbox');

      // The session cookie: __Host-, HttpOnly, Secure, SameSite=Strict, host-only for the portal.
      const cookie = (await context.cookies(stack.portalUrl)).find((c) => c.name === '__Host-palisade_session');
      expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/', domain: 'patient.localhost' });
      expect((await context.cookies(stack.cmsUrl)).map((c) => c.name)).not.toContain('__Host-palisade_session');

      await row.getByRole('link').click();
      await heading(page, 'New patient intake');
      submissionId = new URL(page.url()).pathname.split('/').pop() ?? '';
      const body = (await page.locator('main').textContent()) ?? '';
      for (const value of [answers.fullName, answers.reasonForVisit, answers.currentMedications, answers.email]) expect(body).toContain(value);
      expect(body).not.toContain('hidden for your role');
      expect(body).toContain('This view is recorded in the audit log.');
      await check(jp, shot, 'submission-clinician');

      // Take it: status and assignee.
      await page.getByLabel('Status').selectOption('in-review');
      await page.getByLabel('Assigned to').selectOption({ label: account('clinician@riverside').name });
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByRole('status').filter({ hasText: /^Saved\.$/ }).waitFor();
      // Announced once: the page-wide live region must not repeat it (it would, 50 ms later).
      await page.waitForTimeout(300);
      expect(await page.getByRole('status').filter({ hasText: /saved/i }).count()).toBe(1);
      await check(jp, shot, 'submission-saved');

      // Logout ends the session; the back button shows no data.
      await signOutThroughUi(page);
      expect(await page.locator('main').textContent()).toContain('You have signed out.');
      await check(jp, shot, 'signed-out');
      await page.goBack();
      await page.waitForLoadState('load');
      await heading(page, 'Sign in');
      expect(await page.content()).not.toContain(canary);
      expect(await statusOf(page, `/api/submissions/${submissionId}`)).toBe(401);
    });

    it('the public site never receives the portal session cookie', async () => {
      const context = await newContext();
      const jp = await journeyPage(context);
      await signInThroughUi(jp.page, stack.portalUrl, account('clinician@hillcrest'), authenticator);
      // Same browser, public site: no request to www.localhost carries the portal's cookie.
      const site = await context.newPage();
      const cookieHeaders: string[] = [];
      site.on('request', (req) => {
        if (new URL(req.url()).hostname === 'www.localhost') cookieHeaders.push(req.headers()['cookie'] ?? '');
      });
      await site.goto(`${stack.cmsUrl}/`);
      await site.goto(`${stack.cmsUrl}/forms/new-patient-intake`);
      await site.close();
      expect(cookieHeaders.length).toBeGreaterThan(0);
      for (const header of cookieHeaders) expect(header).not.toContain('palisade_session');

      // A clinician of another clinic sees nothing: an empty inbox, and the submission is "not available".
      await jp.page.goto(`${stack.portalUrl}/inbox`);
      await heading(jp.page, 'Inbox');
      await jp.page.getByText('There are no submissions yet.').waitFor();
      await check(jp, shot, 'inbox-other-clinic');
      await jp.page.goto(`${stack.portalUrl}/submissions/${submissionId}`);
      await heading(jp.page, 'Submission not available');
      expect(await jp.page.content()).not.toContain(canary);
      await check(jp, shot, 'submission-other-clinic');
    });

    it('front desk of Riverside sees the contact fields only; the others read "hidden for your role"', async () => {
      const context = await newContext();
      const jp = await journeyPage(context);
      const { page } = jp;
      await signInThroughUi(page, stack.portalUrl, account('frontdesk@riverside'), authenticator);
      await heading(page, 'Inbox');
      await page.locator('tbody tr').first().getByRole('link').click();
      await heading(page, 'New patient intake');
      const answersList = page.locator('dl.answers');
      const text = (await answersList.textContent()) ?? '';
      expect(text).toContain(answers.email);
      expect(text).toContain(answers.phone);
      expect(text).toContain(answers.preferredLocation);
      for (const hidden of [answers.fullName, answers.dateOfBirth, answers.reasonForVisit, answers.currentMedications]) expect(text).not.toContain(hidden);
      expect(await page.locator('dd.masked').count()).toBe(4);
      expect(await page.locator('dd.masked').first().textContent()).toContain('hidden for your role');
      await check(jp, shot, 'masked-submission');
    });

    it("an auditor finds the clinician's read of that submission in the audit view", async () => {
      const context = await newContext();
      const jp = await journeyPage(context);
      const { page } = jp;
      await signInThroughUi(page, stack.portalUrl, account('auditor'), authenticator);
      await heading(page, 'Audit log');
      await page.getByLabel('Event', { exact: true }).fill('submission.read');
      await page.getByLabel('Resource', { exact: true }).fill(`submission:${submissionId}`);
      await page.getByRole('button', { name: 'Search' }).click();
      await page.waitForURL(/event=submission.read/);
      const table = page.locator('table');
      await table.waitFor();
      const rows = (await table.textContent()) ?? '';
      expect(rows).toContain(account('clinician@riverside').name);
      expect(rows).toContain(account('frontdesk@riverside').name);
      expect(rows).not.toContain(canary);
      await check(jp, shot, 'audit');
    });

    it('an administrator invites a colleague, who enrolls with the QR page and is signed out after the idle timeout', async () => {
      const context = await newContext();
      const jp = await journeyPage(context);
      const { page } = jp;
      await signInThroughUi(page, stack.portalUrl, account('admin'), authenticator);
      await heading(page, 'Staff');
      expect(await page.locator('tbody tr').count()).toBe(5);
      await page.getByLabel('Full name').fill('Nina Newcomer');
      await page.getByLabel('Work email').fill('nina@riverside.example');
      await page.getByLabel('Role').selectOption('front-desk');
      await page.getByLabel('Clinic', { exact: true }).selectOption({ label: 'Riverside Family Clinic' });
      await page.getByRole('button', { name: 'Invite' }).click();
      const link = await page.getByLabel('Enrollment link').inputValue();
      expect(link).toMatch(new RegExp(`^${stack.portalUrl}/enroll#token=[A-Za-z0-9_-]{43}$`));
      await check(jp, shot, 'admin-staff-invited');
      await page.getByRole('link', { name: 'Clinics' }).click();
      await heading(page, 'Clinics');
      await check(jp, shot, 'admin-clinics');
      await page.getByRole('link', { name: 'My account' }).click();
      await heading(page, 'My account');
      await page.getByRole('heading', { name: 'Where you are signed in' }).waitFor();
      await page.getByText('This browser').waitFor();
      await check(jp, shot, 'account');

      // The newcomer, on a browser whose clock the test can move.
      const newcomer = await journeyPage(await newContext());
      const np = newcomer.page;
      await np.clock.install();
      await np.goto(link);
      await heading(np, 'Welcome — set your password');
      expect(np.url()).not.toContain('token=');
      await check(newcomer, shot, 'enroll-password');
      await np.getByLabel('New password', { exact: true }).fill('harbour lantern violet morning');
      await np.getByLabel('Type the new password again').fill('harbour lantern violet morning');
      await np.getByRole('button', { name: 'Set password' }).click();
      await heading(np, 'Set up your authenticator');
      expect(await np.locator('.qr img').getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
      await np.getByText('I cannot scan the code').click();
      const secret = ((await np.locator('code.secret').textContent()) ?? '').replace(/\s+/g, '');
      await check(newcomer, shot, 'enroll-qr');
      await np.getByLabel('6-digit code from the app').fill(await authenticator.code(secret));
      await np.getByRole('button', { name: 'Confirm and continue' }).click();
      await heading(np, 'Save your recovery codes');
      expect(await np.locator('.recovery-codes li').count()).toBe(10);
      await check(newcomer, shot, 'enroll-recovery-codes');
      await np.getByLabel('I have stored these codes somewhere safe').check();
      await np.getByRole('button', { name: 'Continue to the portal' }).click();
      await heading(np, 'Inbox');

      await np.clock.fastForward('14:00');
      await np.getByText('You will be signed out in 1 minute because there has been no activity.').waitFor();
      await check(newcomer, shot, 'idle-warning');
      await np.clock.fastForward('01:00');
      await np.waitForURL(/\/signin\?reason=idle/);
      await np.locator('main').getByText('You were signed out because there was no activity for 15 minutes.').waitFor();
      await check(newcomer, shot, 'idle-signed-out');
      expect(await statusOf(np, '/api/me')).toBe(401);
    });
  });
});
