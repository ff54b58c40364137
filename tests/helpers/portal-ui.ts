import type { Page } from 'playwright-core';
import type { Authenticator, DevAccount } from './staff-accounts';

/** Waits for the page's main heading (the UI moves focus there after each navigation). */
export async function heading(page: Page, name: string | RegExp): Promise<void> {
  await page.getByRole('heading', { level: 1, name }).waitFor({ timeout: 15_000 });
}

/**
 * Signs in through the staff UI exactly as a person does: email and password,
 * then the code from the authenticator app. `onStep` runs at each screen (for
 * screenshots and accessibility checks).
 */
export async function signInThroughUi(
  page: Page,
  portalUrl: string,
  account: Pick<DevAccount, 'email' | 'password' | 'totpSecret'>,
  authenticator: Authenticator,
  onStep: (step: 'sign-in' | 'totp') => Promise<void> = async () => undefined,
): Promise<void> {
  await page.goto(`${portalUrl}/signin`);
  await heading(page, 'Sign in');
  await onStep('sign-in');
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Continue' }).click();
  await heading(page, 'Enter your authenticator code');
  await onStep('totp');
  await page.getByLabel('6-digit code').fill(await authenticator.code(account.totpSecret));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname !== '/signin', { timeout: 15_000 });
}

export async function signOutThroughUi(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL((url) => url.pathname === '/signin', { timeout: 15_000 });
  await heading(page, 'Sign in');
}
