import type { AppContext } from '../app-context';
import { button, errorSummary, messageOf, onSubmit, selectField, textField } from '../components/forms';
import { roleEditor, ROLE_LABELS } from '../components/roles';
import { api } from '../core/api';
import { h, replaceChildren } from '../core/dom';
import { formatDateTime } from '../core/format';
import { announce } from '../core/live';
import type { Rendered } from '../core/router';
import type { Clinic, Role, StaffItem } from '../core/types';

interface Invited {
  id: string;
  enrollmentLink: string;
  expiresAt: string;
}

/** A one-time link, shown once: it is the new person's only way in. */
function linkNotice(who: string, link: string, expiresAt: string): HTMLElement {
  const input = h('input', { type: 'text', readonly: true, value: link, id: 'enrollment-link', class: 'link-box', spellcheck: 'false' });
  const copied = h('span', { role: 'status', class: 'hint' });
  return h(
    'div',
    { class: 'notice notice--success', role: 'status' },
    h('p', null, h('strong', null, `Enrollment link for ${who}`)),
    h('p', null, `Give it to them in person or through a trusted channel. It works once, until ${formatDateTime(expiresAt)}, and is not shown again.`),
    h('label', { for: 'enrollment-link' }, 'Enrollment link'),
    input,
    h('div', { class: 'actions' }, button('Copy the link', { variant: 'secondary', onClick: () => void navigator.clipboard.writeText(link).then(() => (copied.textContent = 'Copied.')).catch(() => (copied.textContent = 'Select the link and copy it.')) }), copied),
  );
}

function rolesText(item: StaffItem, clinics: readonly Clinic[]): string {
  if (!item.roles.length) return 'No roles';
  return item.roles.map((r) => (r.clinicId ? `${ROLE_LABELS[r.role]}, ${clinics.find((c) => c.id === r.clinicId)?.name ?? 'unknown clinic'}` : ROLE_LABELS[r.role])).join('; ');
}

function stateText(item: StaffItem): string {
  const parts = [item.active ? 'Active' : 'Deactivated'];
  if (item.locked) parts.push('locked');
  if (!item.passwordSet) parts.push('has not enrolled yet');
  else if (!item.mfaEnrolled) parts.push('no authenticator');
  return parts.join(', ');
}

export async function adminStaffView(app: AppContext): Promise<Rendered> {
  const title = 'Staff';
  const results = h('div', { class: 'results' });
  const editorSlot = h('div');
  const listSlot = h('div');
  let clinics: Clinic[] = [];

  const refresh = async () => {
    const { items } = await api<{ items: StaffItem[] }>('GET', '/api/admin/staff');
    replaceChildren(listSlot, staffTable(items));
  };

  /** After a row action the table is redrawn; focus goes back to that person's row, not to the page top. */
  const act = async (label: string, fn: () => Promise<void>, staffId?: string) => {
    try {
      await fn();
      await refresh();
      announce(label);
      if (staffId && !results.contains(document.activeElement)) document.getElementById(`staff-${staffId}`)?.focus();
    } catch (err) {
      replaceChildren(results, h('div', { class: 'notice notice--error', role: 'alert' }, h('p', null, messageOf(err))));
    }
  };

  const staffTable = (items: readonly StaffItem[]) =>
    h(
      'table',
      { class: 'table' },
      h('caption', null, 'Staff accounts'),
      h('thead', null, h('tr', null, ['Name', 'Email', 'Roles', 'State', 'Actions'].map((c) => h('th', { scope: 'col' }, c)))),
      h(
        'tbody',
        null,
        items.map((s) =>
          h(
            'tr',
            null,
            h('th', { scope: 'row', id: `staff-${s.id}`, tabindex: '-1' }, s.name),
            h('td', null, s.email),
            h('td', null, rolesText(s, clinics)),
            h('td', null, stateText(s)),
            h(
              'td',
              { class: 'row-actions' },
              button(['Change roles', h('span', { class: 'visually-hidden' }, ` of ${s.name}`)], {
                variant: 'secondary',
                onClick: () => {
                  const close = () => {
                    editorSlot.replaceChildren();
                    document.getElementById(`staff-${s.id}`)?.focus();
                  };
                  const onSave = async (roles: { role: Role; clinic: string | null }[]) => {
                    // Errors stay in the editor's own summary, next to the checkboxes.
                    await api('PATCH', `/api/admin/staff/${s.id}`, { roles });
                    close();
                    await refresh();
                    announce(`Roles of ${s.name} saved.`);
                    document.getElementById(`staff-${s.id}`)?.focus();
                  };
                  replaceChildren(editorSlot, roleEditor({ who: s, clinics, onSave, onCancel: close }));
                  editorSlot.querySelector('h2')?.focus();
                },
              }),
              s.locked ? button(['Unlock', h('span', { class: 'visually-hidden' }, ` ${s.name}`)], { variant: 'secondary', onClick: () => void act(`${s.name} is unlocked.`, async () => void (await api('PATCH', `/api/admin/staff/${s.id}`, { unlock: true })), s.id) }) : null,
              // No way to lock yourself out from here: another administrator does that.
              s.id === app.session.me?.id ? null : button([s.active ? 'Deactivate' : 'Reactivate', h('span', { class: 'visually-hidden' }, ` ${s.name}`)], {
                variant: s.active ? 'danger' : 'secondary',
                onClick: () => {
                  if (s.active && !window.confirm(`Deactivate ${s.name}? They are signed out at once and cannot sign in until reactivated.`)) return;
                  void act(s.active ? `${s.name} is deactivated.` : `${s.name} is reactivated.`, async () => void (await api('PATCH', `/api/admin/staff/${s.id}`, { active: !s.active })), s.id);
                },
              }),
              s.id === app.session.me?.id ? null : resetButton(s, false),
              s.id === app.session.me?.id ? null : resetButton(s, true),
            ),
          ),
        ),
      ),
    );

  /**
   * Lost phone: remove the authenticator (the person sets up a new one at
   * their next sign-in). Forgotten password too: a new one-time link.
   */
  function resetButton(s: StaffItem, password: boolean): HTMLButtonElement {
    const label = password ? 'New enrollment link' : 'Reset authenticator';
    const question = password
      ? `Give ${s.name} a new enrollment link? Their password, authenticator and recovery codes stop working and they are signed out; with the link they set a new password and authenticator.`
      : `Reset the authenticator of ${s.name}? Their authenticator and recovery codes stop working and they are signed out; at their next sign-in with their password they set up a new authenticator.`;
    return button([label, h('span', { class: 'visually-hidden' }, ` for ${s.name}`)], {
      variant: 'danger',
      onClick: () => {
        if (!window.confirm(question)) return;
        void act(
          password ? `${s.name} has a new enrollment link.` : `The authenticator of ${s.name} is reset.`,
          async () => {
            const r = await api<{ enrollmentLink: string | null; expiresAt: string | null }>('POST', `/api/admin/staff/${s.id}/reset-factor`, { password });
            replaceChildren(
              results,
              r.enrollmentLink && r.expiresAt
                ? linkNotice(s.name, r.enrollmentLink, r.expiresAt)
                : h('div', { class: 'notice notice--success', role: 'status' }, h('p', null, `The authenticator of ${s.name} is removed. They set up a new one at their next sign-in.`)),
            );
            results.querySelector<HTMLInputElement>('#enrollment-link')?.focus();
          },
          s.id,
        );
      },
    });
  }

  try {
    clinics = (await api<{ items: Clinic[] }>('GET', '/api/admin/clinics')).items;
    await refresh();
  } catch (err) {
    return { title, node: h('section', null, h('h1', null, title), h('div', { class: 'notice notice--error', role: 'alert' }, h('p', null, messageOf(err)))) };
  }

  const summary = errorSummary();
  const name = textField({ label: 'Full name', name: 'name', autocomplete: 'off', required: true });
  const email = textField({ label: 'Work email', name: 'email', type: 'email', autocomplete: 'off', required: true, spellcheck: false });
  const role = selectField({ label: 'Role', name: 'role', options: (Object.keys(ROLE_LABELS) as Role[]).map((r) => ({ value: r, label: ROLE_LABELS[r] })), value: 'clinician' });
  const clinic = selectField({ label: 'Clinic', name: 'clinic', hint: 'For clinicians and front desk only.', options: clinics.map((c) => ({ value: c.code, label: c.name })) });
  const submit = button('Invite', { type: 'submit' });
  const invite = h('form', { novalidate: true, 'aria-labelledby': 'invite-title', class: 'panel' }, h('h2', { id: 'invite-title' }, 'Invite a staff member'), summary.el, name.wrapper, email.wrapper, role.wrapper, clinic.wrapper, submit);
  onSubmit(invite, submit, summary, async () => {
    const r = role.input.value as Role;
    const clinical = r === 'clinician' || r === 'front-desk';
    if (!name.input.value.trim() || !email.input.value.trim()) return summary.show('Enter a name and an email address.');
    const created = await api<Invited>('POST', '/api/admin/staff', { name: name.input.value.trim(), email: email.input.value.trim(), roles: [{ role: r, clinic: clinical ? clinic.input.value : null }] });
    replaceChildren(results, linkNotice(name.input.value.trim(), created.enrollmentLink, created.expiresAt));
    announce('Invitation created. The one-time enrollment link is shown at the top of the page.');
    results.querySelector<HTMLInputElement>('#enrollment-link')?.focus();
    name.input.value = '';
    email.input.value = '';
    await refresh();
  });

  return { title, node: h('section', null, h('h1', null, title), results, invite, editorSlot, listSlot) };
}
