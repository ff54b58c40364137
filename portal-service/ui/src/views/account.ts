import type { AppContext } from '../app-context';
import { button, errorSummary, messageOf, onSubmit, textField } from '../components/forms';
import { ROLE_LABELS } from '../components/roles';
import { api } from '../core/api';
import { h, replaceChildren } from '../core/dom';
import { formatDateTime } from '../core/format';
import { announce } from '../core/live';
import type { Rendered } from '../core/router';
import type { SessionItem } from '../core/types';

function passwordForm(email: string): HTMLElement {
  const summary = errorSummary();
  const current = textField({ label: 'Current password', name: 'current-password', type: 'password', autocomplete: 'current-password', required: true });
  const next = textField({ label: 'New password', name: 'new-password', type: 'password', autocomplete: 'new-password', required: true, hint: 'At least 8 characters; a long phrase is best. Common passwords are refused.' });
  const again = textField({ label: 'Type the new password again', name: 'confirm-password', type: 'password', autocomplete: 'new-password', required: true });
  const done = h('p', { role: 'status', class: 'hint' });
  const submit = button('Change password', { type: 'submit' });
  const form = h('form', { novalidate: true, class: 'panel', 'aria-labelledby': 'pw-title' }, h('h2', { id: 'pw-title' }, 'Change password'), summary.el,
    // Lets password managers file the new password under the right account.
    h('input', { type: 'text', name: 'username', autocomplete: 'username', value: email, readonly: true, hidden: true }),
    current.wrapper, next.wrapper, again.wrapper, submit, done);
  onSubmit(form, submit, summary, async () => {
    done.textContent = '';
    if (next.input.value !== again.input.value) {
      again.setError('The two new passwords are not the same.');
      return summary.show('The two new passwords are not the same.', [{ href: `#${again.input.id}`, text: 'Type the same new password twice.' }]);
    }
    again.setError(null);
    await api('POST', '/api/ui/account/password', { currentPassword: current.input.value, newPassword: next.input.value });
    for (const f of [current, next, again]) f.input.value = '';
    done.textContent = 'Your password is changed. Your other sessions were signed out.';
  });
  return form;
}

function recoveryForm(): HTMLElement {
  const summary = errorSummary();
  const code = textField({ label: 'Code from your authenticator app', name: 'code', inputmode: 'numeric', autocomplete: 'one-time-code', required: true, maxlength: 8, spellcheck: false });
  const output = h('div');
  const submit = button('Make new recovery codes', { type: 'submit' });
  const form = h(
    'form',
    { novalidate: true, class: 'panel', 'aria-labelledby': 'rc-title' },
    h('h2', { id: 'rc-title' }, 'Recovery codes'),
    h('p', null, 'New codes replace all your old ones, used or not. Confirm with a code from your app.'),
    summary.el,
    code.wrapper,
    submit,
    output,
  );
  onSubmit(form, submit, summary, async () => {
    const value = code.input.value.replace(/\s+/g, '');
    if (!/^\d{6}$/.test(value)) return summary.show('Enter the 6 digits your app shows now.', [{ href: `#${code.input.id}`, text: 'Enter the 6-digit code.' }]);
    const r = await api<{ recoveryCodes: string[] }>('POST', '/api/ui/account/recovery-codes', { code: value });
    code.input.value = '';
    replaceChildren(
      output,
      h('div', { class: 'notice notice--success', role: 'status' }, h('p', null, 'Your new recovery codes. They are shown only now; store them safely. The old ones no longer work.'), h('ol', { class: 'recovery-codes' }, r.recoveryCodes.map((c) => h('li', null, h('code', null, c))))),
    );
  });
  return form;
}

function sessionsPanel(): HTMLElement {
  const slot = h('div');
  const panel = h('section', { class: 'panel', 'aria-labelledby': 'sessions-title' }, h('h2', { id: 'sessions-title' }, 'Where you are signed in'), slot);
  const load = async () => {
    try {
      const { items } = await api<{ items: SessionItem[] }>('GET', '/api/ui/account/sessions');
      replaceChildren(
        slot,
        h(
          'table',
          { class: 'table' },
          h('caption', { class: 'visually-hidden' }, 'Active sessions'),
          h('thead', null, h('tr', null, ['Signed in', 'Last active', 'From', 'Browser', ''].map((c, i) => h('th', { scope: 'col' }, c || h('span', { class: 'visually-hidden' }, i === 4 ? 'Action' : ''))))),
          h(
            'tbody',
            null,
            items.map((s) =>
              h(
                'tr',
                null,
                h('th', { scope: 'row' }, formatDateTime(s.createdAt), s.current ? h('span', { class: 'badge' }, 'This browser') : null),
                h('td', null, formatDateTime(s.lastSeenAt)),
                h('td', null, s.ip ?? 'unknown'),
                h('td', { class: 'ua' }, s.userAgent ?? 'unknown'),
                h(
                  'td',
                  null,
                  s.current
                    ? null
                    : button(['Sign out', h('span', { class: 'visually-hidden' }, ` the session from ${formatDateTime(s.createdAt)}`)], {
                        variant: 'secondary',
                        onClick: () =>
                          void api('DELETE', `/api/ui/account/sessions/${encodeURIComponent(s.id)}`)
                            .then(async () => {
                              announce('That session is signed out.');
                              await load();
                              panel.querySelector('h2')?.focus();
                            })
                            .catch((err: unknown) => replaceChildren(slot, h('div', { class: 'notice notice--error', role: 'alert' }, h('p', null, messageOf(err))))),
                      }),
                ),
              ),
            ),
          ),
        ),
      );
    } catch (err) {
      replaceChildren(slot, h('div', { class: 'notice notice--error', role: 'alert' }, h('p', null, messageOf(err))));
    }
  };
  void load();
  panel.querySelector('h2')?.setAttribute('tabindex', '-1');
  return panel;
}

export function accountView(app: AppContext): Rendered {
  const me = app.session.me;
  if (!me) return { title: 'My account', node: h('section', null, h('h1', null, 'My account')) };
  return {
    title: 'My account',
    node: h(
      'section',
      null,
      h('h1', null, 'My account'),
      h(
        'dl',
        { class: 'meta' },
        h('dt', null, 'Name'),
        h('dd', null, me.name),
        h('dt', null, 'Email'),
        h('dd', null, me.email),
        h('dt', null, 'Roles'),
        h('dd', null, me.roles.map((r) => ROLE_LABELS[r.role]).join(', ') || 'None'),
        h('dt', null, 'Session ends at the latest'),
        h('dd', null, formatDateTime(me.session.absoluteExpiresAt)),
      ),
      passwordForm(me.email),
      recoveryForm(),
      sessionsPanel(),
    ),
  };
}
