import type { AppContext } from '../app-context';
import { button, messageOf, selectField, textField } from '../components/forms';
import { api, query } from '../core/api';
import { h } from '../core/dom';
import { endOfDay, formatDateTime, startOfDay, STATUS_LABELS } from '../core/format';
import type { Rendered, RouteContext } from '../core/router';
import type { Directory, InboxSummary, SubmissionPage, SubmissionSummary } from '../core/types';

const FILTERS = ['status', 'form', 'clinic', 'from', 'to'] as const;

function countsPanel(summary: InboxSummary | null, dir: Directory): HTMLElement {
  if (!summary) return h('p', { class: 'hint' }, 'Counts are not available right now.');
  const name = (id: string) => dir.clinics.find((c) => c.id === id)?.name ?? 'Unknown clinic';
  return h(
    'section',
    { class: 'counts', 'aria-labelledby': 'counts-title' },
    h('h2', { id: 'counts-title', class: 'visually-hidden' }, 'New items'),
    h(
      'ul',
      { class: 'counts__list' },
      summary.clinics.map((c) =>
        h(
          'li',
          { class: 'counts__item' },
          h('span', { class: 'counts__clinic' }, name(c.clinicId)),
          h('a', { href: `/inbox${query({ clinic: c.clinicId, status: 'new' })}`, class: 'counts__number' }, `${c.newCount} new`),
          h('span', { class: 'counts__unread' }, `${c.unreadCount} unread by you`),
        ),
      ),
    ),
  );
}

function filtersForm(app: AppContext, ctx: RouteContext, dir: Directory): HTMLElement {
  const q = ctx.query;
  const status = selectField({ label: 'Status', name: 'status', value: q.get('status') ?? '', options: [{ value: '', label: 'Any status' }, ...Object.entries(STATUS_LABELS).map(([value, label]) => ({ value, label }))] });
  const form = selectField({ label: 'Form', name: 'form', value: q.get('form') ?? '', options: [{ value: '', label: 'Any form' }, ...dir.forms.map((f) => ({ value: f.slug, label: f.title }))] });
  const clinic = selectField({ label: 'Clinic', name: 'clinic', value: q.get('clinic') ?? '', options: [{ value: '', label: 'All my clinics' }, ...dir.clinics.map((c) => ({ value: c.id, label: c.name }))] });
  const from = textField({ label: 'Received on or after', name: 'from', type: 'date', value: q.get('from') ?? '' });
  const to = textField({ label: 'Received on or before', name: 'to', type: 'date', value: q.get('to') ?? '' });
  const apply = button('Apply filters', { type: 'submit' });
  const el = h(
    'form',
    { role: 'search', 'aria-label': 'Filter submissions', class: 'filters' },
    h('div', { class: 'filters__fields' }, status.wrapper, form.wrapper, dir.clinics.length > 1 ? clinic.wrapper : null, from.wrapper, to.wrapper),
    h('div', { class: 'actions' }, apply, h('a', { href: '/inbox', class: 'button button--link' }, 'Clear filters')),
  );
  el.addEventListener('submit', (event) => {
    event.preventDefault();
    app.navigate(`/inbox${query({ status: status.input.value, form: form.input.value, clinic: clinic.input.value, from: from.input.value, to: to.input.value })}`);
  });
  return el;
}

function table(items: readonly SubmissionSummary[], dir: Directory): HTMLElement {
  const formTitle = (slug: string) => dir.forms.find((f) => f.slug === slug)?.title ?? slug;
  const clinicName = (id: string) => dir.clinics.find((c) => c.id === id)?.name ?? 'Unknown clinic';
  const staffName = (id: string | null) => (id ? (dir.staff.find((s) => s.id === id)?.name ?? 'Someone else') : 'Nobody');
  return h(
    'table',
    { class: 'table' },
    h('caption', null, 'Submissions, newest first'),
    h('thead', null, h('tr', null, ['Received', 'Form', 'Clinic', 'Status', 'Assigned to'].map((c) => h('th', { scope: 'col' }, c)))),
    h(
      'tbody',
      null,
      items.map((s) =>
        h(
          'tr',
          { class: s.unread ? 'row--unread' : undefined },
          h('th', { scope: 'row' }, h('a', { href: `/submissions/${encodeURIComponent(s.id)}` }, formatDateTime(s.receivedAt)), s.unread ? h('span', { class: 'badge' }, 'Unread') : null),
          h('td', null, formTitle(s.form)),
          h('td', null, clinicName(s.clinicId)),
          h('td', null, h('span', { class: `status status--${s.status}` }, STATUS_LABELS[s.status])),
          h('td', null, staffName(s.assigneeId)),
        ),
      ),
    ),
  );
}

export async function inboxView(app: AppContext, ctx: RouteContext): Promise<Rendered> {
  const q = ctx.query;
  const title = 'Inbox';
  const heading = h('h1', null, title);
  try {
    const [dir, summary, page] = await Promise.all([
      app.session.getDirectory(),
      api<InboxSummary>('GET', '/api/ui/inbox-summary').catch(() => null),
      api<SubmissionPage>(
        'GET',
        `/api/submissions${query({
          status: q.get('status') ?? undefined,
          form: q.get('form') ?? undefined,
          clinic: q.get('clinic') ?? undefined,
          from: startOfDay(q.get('from') ?? ''),
          to: endOfDay(q.get('to') ?? ''),
          cursor: q.get('cursor') ?? undefined,
          limit: '25',
        })}`,
      ),
    ]);
    const filtered = FILTERS.some((f) => q.get(f));
    const nextHref = page.nextCursor ? `/inbox${query({ ...Object.fromEntries(FILTERS.map((f) => [f, q.get(f) ?? undefined])), cursor: page.nextCursor })}` : null;
    return {
      title,
      node: h(
        'section',
        null,
        heading,
        countsPanel(summary, dir),
        filtersForm(app, ctx, dir),
        page.items.length
          ? table(page.items, dir)
          : h('p', { class: 'empty' }, filtered ? 'No submissions match these filters.' : 'There are no submissions yet.'),
        h(
          'nav',
          { 'aria-label': 'Pages', class: 'pager' },
          q.get('cursor') ? h('a', { href: `/inbox${query(Object.fromEntries(FILTERS.map((f) => [f, q.get(f) ?? undefined])))}` }, 'First page') : null,
          nextHref ? h('a', { href: nextHref }, 'Next page') : null,
        ),
      ),
    };
  } catch (err) {
    return { title, node: h('section', null, heading, h('div', { class: 'notice notice--error', role: 'alert' }, h('p', null, messageOf(err)))) };
  }
}
