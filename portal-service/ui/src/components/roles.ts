import { button, errorSummary, onSubmit } from './forms';
import { h } from '../core/dom';
import type { Clinic, Role, StaffItem } from '../core/types';

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  clinician: 'Clinician',
  'front-desk': 'Front desk',
  admin: 'Administrator',
  auditor: 'Auditor',
};

type GrantInput = { role: Role; clinic: string | null };

/**
 * Roles as checkboxes: the global ones once, the clinical ones per clinic.
 * Grouped in fieldsets so each checkbox is read with its clinic.
 */
export function roleEditor(opts: { who: StaffItem; clinics: readonly Clinic[]; onSave(roles: GrantInput[]): Promise<void>; onCancel(): void }): HTMLElement {
  const has = (role: Role, clinicId: string | null) => opts.who.roles.some((r) => r.role === role && r.clinicId === clinicId);
  const boxes: { input: HTMLInputElement; grant: GrantInput }[] = [];
  const box = (role: Role, clinic: Clinic | null) => {
    const id = `role-${role}-${clinic?.code ?? 'global'}`;
    const input = h('input', { type: 'checkbox', id, checked: has(role, clinic?.id ?? null) });
    boxes.push({ input, grant: { role, clinic: clinic?.code ?? null } });
    return h('div', { class: 'field field--checkbox' }, input, h('label', { for: id }, ROLE_LABELS[role]));
  };
  const summary = errorSummary();
  const submit = button('Save roles', { type: 'submit' });
  const form = h(
    'form',
    { novalidate: true, class: 'panel', 'aria-labelledby': 'role-editor-title' },
    h('h2', { id: 'role-editor-title', tabindex: '-1' }, `Roles of ${opts.who.name}`),
    summary.el,
    h('fieldset', null, h('legend', null, 'All clinics'), box('admin', null), box('auditor', null)),
    opts.clinics.map((c) => h('fieldset', null, h('legend', null, c.name), box('clinician', c), box('front-desk', c))),
    h('div', { class: 'actions' }, submit, button('Cancel', { variant: 'link', onClick: opts.onCancel })),
  );
  onSubmit(form, submit, summary, async () => {
    const roles = boxes.filter((b) => b.input.checked).map((b) => b.grant);
    if (!roles.length) return summary.show('Give at least one role, or deactivate the account instead.');
    await opts.onSave(roles);
  });
  return form;
}
