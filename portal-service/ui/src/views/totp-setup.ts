import type { AppContext } from '../app-context';
import { errorSummary, onSubmit, textField, button, messageOf } from '../components/forms';
import { api, setCsrfToken } from '../core/api';
import { h } from '../core/dom';
import type { Rendered } from '../core/router';
import type { EnrollConfirmed, EnrollStart } from '../core/types';

/** The base32 secret in groups of four, easier to type into an app by hand. */
function grouped(secret: string): string {
  return secret.replace(/(.{4})/g, '$1 ').trim();
}

/**
 * Authenticator setup after the password step (first sign-in, or after an
 * administrator reset the factor). The QR code is drawn by the portal itself;
 * no third party ever sees the secret.
 */
export async function totpSetupStep(app: AppContext, next: string | null): Promise<Rendered> {
  let start: EnrollStart;
  try {
    start = await api<EnrollStart>('POST', '/api/auth/enroll/start');
  } catch (err) {
    return {
      title: 'Set up your authenticator',
      node: h('section', null, h('h1', null, 'Set up your authenticator'), h('div', { class: 'notice notice--error', role: 'alert' }, h('p', null, messageOf(err))), h('p', null, h('a', { href: '/signin' }, 'Start signing in again'))),
    };
  }
  const summary = errorSummary();
  const code = textField({ label: '6-digit code from the app', name: 'code', inputmode: 'numeric', autocomplete: 'one-time-code', required: true, maxlength: 8, spellcheck: false });
  const submit = button('Confirm and continue', { type: 'submit' });
  const form = h('form', { novalidate: true, 'aria-labelledby': 'setup-confirm' }, h('h2', { id: 'setup-confirm' }, 'Confirm with a code'), summary.el, code.wrapper, submit);
  onSubmit(form, submit, summary, async () => {
    const value = code.input.value.replace(/\s+/g, '');
    code.setError(null);
    if (!/^\d{6}$/.test(value)) {
      code.setError('Enter the 6 digits your app shows now.');
      summary.show('The code must be 6 digits.', [{ href: `#${code.input.id}`, text: 'Enter the 6 digits your app shows now.' }]);
      return;
    }
    const confirmed = await api<EnrollConfirmed>('POST', '/api/auth/enroll/confirm', { code: value }, { expectUnauthorized: true });
    setCsrfToken(confirmed.csrfToken);
    app.showStep(recoveryCodesStep(app, confirmed.recoveryCodes, next));
  });
  return {
    title: 'Set up your authenticator',
    node: h(
      'section',
      null,
      h('h1', null, 'Set up your authenticator'),
      h('p', null, 'Every sign-in to the portal needs a code from an authenticator app on your phone, in addition to your password.'),
      h(
        'ol',
        { class: 'steps' },
        h('li', null, 'Open an authenticator app (for example FreeOTP, Google Authenticator or Microsoft Authenticator) and choose to add an account.'),
        h(
          'li',
          null,
          'Scan this QR code with the app.',
          h('div', { class: 'qr' }, h('img', { src: start.qrSvgDataUrl, alt: 'QR code that adds your Palisade portal account to an authenticator app', width: '200', height: '200' })),
          h('details', null, h('summary', null, 'I cannot scan the code'), h('p', null, 'Choose to enter a setup key in your app, and type this key (time-based, 6 digits):'), h('p', null, h('code', { class: 'secret' }, grouped(start.secret)))),
        ),
        h('li', null, 'Enter the 6-digit code the app now shows for Palisade.'),
      ),
      form,
    ),
  };
}

export function recoveryCodesStep(app: AppContext, codes: readonly string[], next: string | null): Rendered {
  const summary = errorSummary();
  const confirmId = 'saved-codes';
  const checkbox = h('input', { type: 'checkbox', id: confirmId, name: 'saved' });
  const submit = button('Continue to the portal', { type: 'submit' });
  const copied = h('p', { class: 'hint', role: 'status' });
  const copy = button('Copy the codes', {
    variant: 'secondary',
    onClick: () => {
      navigator.clipboard
        .writeText(codes.join('\n'))
        .then(() => (copied.textContent = 'The codes are copied.'))
        .catch(() => (copied.textContent = 'Copying is not possible here; write the codes down instead.'));
    },
  });
  const form = h('form', { novalidate: true }, summary.el, h('div', { class: 'field field--checkbox' }, checkbox, h('label', { for: confirmId }, 'I have stored these codes somewhere safe')), submit);
  onSubmit(form, submit, summary, async () => {
    if (!checkbox.checked) {
      summary.show('Confirm that you have stored the recovery codes.', [{ href: `#${confirmId}`, text: 'Tick the box once the codes are stored safely.' }]);
      return;
    }
    await app.completeSignIn(next);
  });
  return {
    title: 'Save your recovery codes',
    node: h(
      'section',
      null,
      h('h1', null, 'Save your recovery codes'),
      h('p', null, 'If you lose your phone, each of these codes lets you sign in once instead of an authenticator code. They are shown only now: store them in a password manager or print them, away from your phone.'),
      h('ol', { class: 'recovery-codes' }, codes.map((c) => h('li', null, h('code', null, c)))),
      h('div', { class: 'actions' }, copy),
      copied,
      form,
    ),
  };
}
