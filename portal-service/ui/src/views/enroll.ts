import type { AppContext } from '../app-context';
import { button, errorSummary, onSubmit, textField } from '../components/forms';
import { api, setCsrfToken } from '../core/api';
import { h } from '../core/dom';
import type { Rendered } from '../core/router';
import type { NextStep } from '../core/types';
import { totpSetupStep } from './totp-setup';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Read once from the fragment (which never reaches a server log or a Referer)
 * and then removed from the address bar and history.
 */
let linkToken: string | null = null;
function takeToken(): string | null {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromHash) {
    linkToken = fromHash;
    history.replaceState(null, '', location.pathname);
  }
  return linkToken;
}

export function enrollView(app: AppContext): Rendered {
  const token = takeToken();
  if (!token || !TOKEN.test(token)) {
    return {
      title: 'Enrollment link not valid',
      node: h(
        'section',
        null,
        h('h1', null, 'This enrollment link is not complete'),
        h('p', null, 'Open the whole link your administrator sent you, exactly as it was given. If it still does not work, ask for a new link.'),
        h('p', null, h('a', { href: '/signin' }, 'Go to sign in')),
      ),
    };
  }
  const summary = errorSummary();
  const password = textField({
    label: 'New password',
    name: 'new-password',
    type: 'password',
    autocomplete: 'new-password',
    required: true,
    hint: 'At least 8 characters. A long phrase of several words is best; there are no rules about symbols or numbers. Common passwords are refused.',
  });
  const confirm = textField({ label: 'Type the new password again', name: 'confirm-password', type: 'password', autocomplete: 'new-password', required: true });
  const submit = button('Set password', { type: 'submit' });
  const form = h('form', { novalidate: true, class: 'narrow' }, summary.el, password.wrapper, confirm.wrapper, submit);
  onSubmit(form, submit, summary, async () => {
    password.setError(null);
    confirm.setError(null);
    if (password.input.value.length < 8) {
      password.setError('Use at least 8 characters.');
      return summary.show('The password is too short.', [{ href: `#${password.input.id}`, text: 'Use at least 8 characters.' }]);
    }
    if (password.input.value !== confirm.input.value) {
      confirm.setError('The two passwords are not the same.');
      return summary.show('The two passwords are not the same.', [{ href: `#${confirm.input.id}`, text: 'Type the same password twice.' }]);
    }
    const step = await api<NextStep>('POST', '/api/auth/enrollment', { token, password: password.input.value }, { expectUnauthorized: true });
    linkToken = null;
    setCsrfToken(step.csrfToken);
    app.showStep(await totpSetupStep(app, null));
  });
  return {
    title: 'Set your password',
    node: h(
      'section',
      null,
      h('h1', null, 'Welcome — set your password'),
      h('p', null, 'Choose the password you will use to sign in to the staff portal. Next, you will set up an authenticator app on your phone.'),
      form,
    ),
  };
}
