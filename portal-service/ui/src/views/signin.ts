import { safeNext, type AppContext } from '../app-context';
import { button, errorSummary, onSubmit, textField } from '../components/forms';
import { api, setCsrfToken } from '../core/api';
import { h } from '../core/dom';
import { announce } from '../core/live';
import type { RouteContext, Rendered } from '../core/router';
import type { NextStep, SignedIn } from '../core/types';
import { totpSetupStep } from './totp-setup';

const NOTICES: Readonly<Record<string, (q: URLSearchParams) => string>> = {
  'signed-out': () => 'You have signed out.',
  idle: (q) => `You were signed out because there was no activity for ${Number(q.get('minutes')) || 15} minutes. Sign in again to continue.`,
  absolute: () => 'Your session reached its maximum length. Sign in again to continue.',
  ended: () => 'Your session has ended. Sign in again to continue.',
  unfinished: () => 'Your previous sign-in was not finished. Start again.',
};

function notice(query: URLSearchParams): HTMLElement | null {
  const reason = query.get('reason');
  const text = reason ? NOTICES[reason]?.(query) : undefined;
  if (!text) return null;
  announce(text);
  return h('div', { class: 'notice notice--info' }, h('p', null, text));
}

export function signInView(app: AppContext, ctx: RouteContext): Rendered {
  const next = safeNext(ctx.query.get('next'));
  const summary = errorSummary();
  const email = textField({ label: 'Email', name: 'email', type: 'email', autocomplete: 'username', required: true, spellcheck: false });
  const password = textField({ label: 'Password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const submit = button('Continue', { type: 'submit' });
  const form = h('form', { novalidate: true, class: 'narrow' }, summary.el, email.wrapper, password.wrapper, submit);
  onSubmit(form, submit, summary, async () => {
    email.setError(null);
    password.setError(null);
    const problems: { href: string; text: string }[] = [];
    if (!email.input.value.trim()) {
      email.setError('Enter your email address.');
      problems.push({ href: `#${email.input.id}`, text: 'Enter your email address.' });
    }
    if (!password.input.value) {
      password.setError('Enter your password.');
      problems.push({ href: `#${password.input.id}`, text: 'Enter your password.' });
    }
    if (problems.length) return summary.show('Both fields are needed to sign in.', problems);
    const step = await api<NextStep>('POST', '/api/auth/login', { email: email.input.value.trim(), password: password.input.value }, { expectUnauthorized: true });
    setCsrfToken(step.csrfToken);
    password.input.value = '';
    app.showStep(step.next === 'totp' ? totpStep(app, next) : await totpSetupStep(app, next));
  });
  return {
    title: 'Sign in',
    node: h(
      'section',
      null,
      h('h1', null, 'Sign in'),
      notice(ctx.query),
      h('p', null, 'Sign in with your work email and password. You will then be asked for a code from your authenticator app.'),
      form,
      h('p', { class: 'hint' }, 'New here? Use the enrollment link your administrator gave you. Forgotten password or lost phone? Ask an administrator to reset your account.'),
    ),
  };
}

/** The second factor: a code from the app, or one of the recovery codes. */
export function totpStep(app: AppContext, next: string | null): Rendered {
  let useRecovery = false;
  const summary = errorSummary();
  const code = textField({ label: '6-digit code', name: 'code', inputmode: 'numeric', autocomplete: 'one-time-code', required: true, maxlength: 8, spellcheck: false, hint: 'Open your authenticator app and enter the code it shows for Palisade.' });
  const recovery = textField({ label: 'Recovery code', name: 'recoveryCode', autocomplete: 'off', required: true, spellcheck: false, hint: 'One of the 10 codes you saved when you set up your authenticator, like ABCD-EFGH-JKMN-PQRS. Each works once.' });
  recovery.wrapper.hidden = true;
  const submit = button('Sign in', { type: 'submit' });
  const toggle = button('Use a recovery code instead', {
    variant: 'link',
    onClick: () => {
      useRecovery = !useRecovery;
      code.wrapper.hidden = useRecovery;
      recovery.wrapper.hidden = !useRecovery;
      toggle.textContent = useRecovery ? 'Use a code from my app instead' : 'Use a recovery code instead';
      summary.clear();
      (useRecovery ? recovery : code).input.focus();
    },
  });
  const form = h('form', { novalidate: true, class: 'narrow' }, summary.el, code.wrapper, recovery.wrapper, submit);
  onSubmit(form, submit, summary, async () => {
    const field = useRecovery ? recovery : code;
    field.setError(null);
    const value = field.input.value.trim();
    if (!useRecovery && !/^\d{6}$/.test(value.replace(/\s+/g, ''))) {
      code.setError('Enter the 6 digits your app shows now.');
      return summary.show('The code must be 6 digits.', [{ href: `#${code.input.id}`, text: 'Enter the 6 digits your app shows now.' }]);
    }
    if (useRecovery && !value) {
      recovery.setError('Enter one of your recovery codes.');
      return summary.show('Enter a recovery code.', [{ href: `#${recovery.input.id}`, text: 'Enter one of your recovery codes.' }]);
    }
    const body = useRecovery ? { recoveryCode: value } : { code: value.replace(/\s+/g, '') };
    const done = await api<SignedIn>('POST', '/api/auth/totp', body, { expectUnauthorized: true });
    setCsrfToken(done.csrfToken);
    await app.completeSignIn(next);
  });
  const restart = button('Start again', { variant: 'link', onClick: () => void app.signOut('restart') });
  return {
    title: 'Enter your authenticator code',
    node: h('section', null, h('h1', null, 'Enter your authenticator code'), form, h('div', { class: 'actions' }, toggle, restart)),
  };
}
