import type { AppContext } from '../app-context';
import { button, errorSummary, messageOf, onSubmit, selectField } from '../components/forms';
import { api } from '../core/api';
import { h } from '../core/dom';
import { formatAnswer, formatDateTime, STATUS_LABELS } from '../core/format';
import type { Rendered, RouteContext } from '../core/router';
import type { Directory, PresentedField, Status, SubmissionSummary, SubmissionView } from '../core/types';

function answer(field: PresentedField): HTMLElement[] {
  if ('masked' in field) {
    return [h('dt', null, field.label), h('dd', { class: 'masked' }, h('span', { 'aria-hidden': 'true', class: 'masked__icon' }, '•••'), ' hidden for your role')];
  }
  return [h('dt', null, field.label), h('dd', { class: 'answer' }, formatAnswer(field.value))];
}

function workflow(view: SubmissionView, dir: Directory, onSaved: (s: SubmissionSummary) => void): HTMLElement {
  const summary = errorSummary();
  const status = selectField({ label: 'Status', name: 'status', value: view.status, options: Object.entries(STATUS_LABELS).map(([value, label]) => ({ value, label })) });
  const colleagues = dir.staff.filter((s) => s.clinicIds.includes(view.clinicId));
  const assignee = selectField({
    label: 'Assigned to',
    name: 'assignee',
    value: view.assigneeId ?? '',
    options: [{ value: '', label: 'Nobody' }, ...colleagues.map((s) => ({ value: s.id, label: s.name }))],
  });
  // The one announcement of a save: a second live message would make screen readers say it twice.
  const saved = h('p', { class: 'hint', role: 'status' });
  const submit = button('Save changes', { type: 'submit' });
  const form = h('form', { novalidate: true, 'aria-labelledby': 'workflow-title', class: 'workflow' }, h('h2', { id: 'workflow-title' }, 'Handling'), summary.el, status.wrapper, assignee.wrapper, submit, saved);
  onSubmit(form, submit, summary, async () => {
    saved.textContent = '';
    const updated = await api<SubmissionSummary>('PATCH', `/api/submissions/${encodeURIComponent(view.id)}`, {
      status: status.input.value as Status,
      assigneeId: assignee.input.value || null,
    });
    saved.textContent = 'Saved.';
    onSaved(updated);
  });
  return form;
}

export async function submissionView(app: AppContext, ctx: RouteContext): Promise<Rendered> {
  const id = ctx.params.id ?? '';
  const back = h('p', null, h('a', { href: '/inbox' }, 'Back to the inbox'));
  try {
    const [view, dir] = await Promise.all([api<SubmissionView>('GET', `/api/submissions/${encodeURIComponent(id)}`), app.session.getDirectory()]);
    const clinic = dir.clinics.find((c) => c.id === view.clinicId)?.name ?? 'Unknown clinic';
    const staffName = (sid: string | null) => (sid ? (dir.staff.find((s) => s.id === sid)?.name ?? 'Someone else') : 'Nobody');
    const statusDd = h('dd', null, STATUS_LABELS[view.status]);
    const assigneeDd = h('dd', null, staffName(view.assigneeId));
    const masked = view.fields.filter((f) => 'masked' in f).length;
    return {
      title: view.formTitle,
      node: h(
        'article',
        { class: 'submission' },
        back,
        h('h1', null, view.formTitle),
        h(
          'dl',
          { class: 'meta' },
          h('dt', null, 'Clinic'),
          h('dd', null, clinic),
          h('dt', null, 'Received'),
          h('dd', null, formatDateTime(view.receivedAt)),
          h('dt', null, 'Filled in'),
          h('dd', null, formatDateTime(view.submittedAt)),
          h('dt', null, 'Status'),
          statusDd,
          h('dt', null, 'Assigned to'),
          assigneeDd,
        ),
        h(
          'section',
          { 'aria-labelledby': 'answers-title' },
          h('h2', { id: 'answers-title' }, 'Answers'),
          masked ? h('p', { class: 'hint' }, `${masked} of ${view.fields.length} answers are hidden for your role.`) : null,
          view.fields.length ? h('dl', { class: 'answers' }, view.fields.map(answer)) : h('p', { class: 'empty' }, 'This submission has no answers.'),
        ),
        workflow(view, dir, (s) => {
          statusDd.textContent = STATUS_LABELS[s.status];
          assigneeDd.textContent = staffName(s.assigneeId);
        }),
        h('p', { class: 'audit-note' }, 'This view is recorded in the audit log.'),
      ),
    };
  } catch (err) {
    return {
      title: 'Submission not available',
      node: h('section', null, back, h('h1', null, 'Submission not available'), h('div', { class: 'notice notice--error', role: 'alert' }, h('p', null, messageOf(err)))),
    };
  }
}
