import fs from 'node:fs';
import path from 'node:path';
import axe from 'axe-core';
import type { BrowserContext, Page } from 'playwright-core';
import { watchedPage } from './chromium';

const root = path.resolve(__dirname, '..', '..');
export const SCREENSHOT_DIR = path.join(root, 'tests', 'artifacts', 'screenshots');

/**
 * Console lines Chromium writes for an HTTP status a page expected (the 401 of
 * "am I signed in?" before sign-in, a refused code). They are network facts,
 * not script errors or CSP violations, so they are not counted as problems.
 */
const EXPECTED_HTTP = /^Failed to load resource: the server responded with a status of (401|403|404|409) /;

export interface JourneyPage {
  page: Page;
  /** Script errors, console errors and CSP violations seen so far (expected HTTP statuses excluded). */
  problems(): string[];
}

/**
 * watchedPage plus a `securitypolicyviolation` listener installed before any
 * page script runs (an init script is injected by the browser, not by the page,
 * so the CSP under test does not apply to it).
 */
export async function journeyPage(context: BrowserContext): Promise<JourneyPage> {
  const { page, problems } = await watchedPage(context);
  // A string, so it is browser code only (the tests' TypeScript has no DOM types).
  await page.addInitScript({
    content: `(() => {
      const seen = [];
      Object.defineProperty(window, '__cspViolations', { value: seen });
      document.addEventListener('securitypolicyviolation', (e) => seen.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' in ' + (e.sourceFile || e.documentURI)));
    })()`,
  });
  // A server error is never expected; naming its URL tells which side broke.
  const serverErrors: string[] = [];
  page.on('response', (res) => {
    if (res.status() >= 500) serverErrors.push(`HTTP ${res.status()} from ${res.request().method()} ${res.url()}`);
  });
  return {
    page,
    problems: () => [...problems.filter((p) => !EXPECTED_HTTP.test(p)), ...serverErrors],
  };
}

export async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate<string[]>('[...(window.__cspViolations || [])]');
}

/** Numbered full-page screenshots per journey, in tests/artifacts/screenshots (git-ignored, kept by CI). */
export function screenshotter(journey: string): (page: Page, step: string) => Promise<string> {
  const dir = path.join(SCREENSHOT_DIR, journey);
  let n = 0;
  return async (page, step) => {
    // Each run starts clean at its first shot, so the numbers tell this run's order
    // (and a run filtered to another journey leaves these alone).
    if (n === 0) {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.mkdirSync(dir, { recursive: true });
    }
    n += 1;
    const file = path.join(dir, `${String(n).padStart(2, '0')}-${step.replace(/[^a-z0-9-]+/gi, '-').toLowerCase()}.png`);
    await page.screenshot({ path: file, fullPage: true });
    return file;
  };
}

interface AxeFinding {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * axe-core against WCAG 2.0/2.1 A and AA. Its source is evaluated through the
 * DevTools protocol (a <script> tag would be refused by the page's CSP, as it
 * should be). Returns the serious and critical violations, described.
 */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate<boolean>('typeof window.axe !== "undefined"'))) await page.evaluate(axe.source);
  const violations = await page.evaluate<AxeFinding[]>(`axe
    .run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] })
    .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact || null, help: v.help, nodes: v.nodes.map((n) => JSON.stringify(n.target)) })))`);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.slice(0, 3).join(', ')})`);
}
