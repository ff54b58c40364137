import type { AppContext } from '../app-context';
import { button, messageOf, textField } from '../components/forms';
import { api, query } from '../core/api';
import { h } from '../core/dom';
import { endOfDay, formatDateTime, startOfDay } from '../core/format';
import type { Rendered, RouteContext } from '../core/router';
import type { AuditEvent, AuditPage, Directory } from '../core/types';

const FILTERS = ['actor', 'resource', 'event', 'from', 'to'] as const;

function filtersForm(app: AppContext, q: URLSearchParams): HTMLElement {
  const actor = textField({ label: 'Actor', name: 'actor', value: q.get('actor') ?? '', hint: 'A staff id, or a service key id.', spellcheck: false });
  const resource = textField({ label: 'Resource', name: 'resource', value: q.get('resource') ?? '', hint: 'A submission or staff id.', spellcheck: false });
  const event = textField({ label: 'Event', name: 'event', value: q.get('event') ?? '', hint: 'For example submission.read or auth.login.failure.', spellcheck: false });
  const from = textField({ label: 'On or after', name: 'from', type: 'date', value: q.get('from') ?? '' });
  const to = textField({ label: 'On or before', name: 'to', type: 'date', value: q.get('to') ?? '' });
  const el = h(
    'form',
    { role: 'search', 'aria-label': 'Filter audit events', class: 'filters' },
    h('div', { class: 'filters__fields' }, actor.wrapper, resource.wrapper, event.wrapper, from.wrapper, to.wrapper),
    h('div', { class: 'actions' }, button('Search', { type: 'submit' }), h('a', { href: '/audit', class: 'button button--link' }, 'Clear filters')),
  );
  el.addEventListener('submit', (e) => {
    e.preventDefault();
    app.navigate(`/audit${query({ actor: actor.input.value.trim(), resource: resource.input.value.trim(), event: event.input.value.trim(), from: from.input.value, to: to.input.value })}`);
  });
  return el;
}

function actorCell(e: AuditEvent, dir: Directory | null): HTMLElement {
  if (!e.actorId) return h('td', null, e.actorType === 'anonymous' ? 'Anonymous' : e.actorType);
  const name = dir?.staff.find((s) => s.id === e.actorId)?.name;
  return h('td', null, h('a', { href: `/audit${query({ actor: e.actorId })}` }, name ?? e.actorId), name ? h('span', { class: 'id' }, e.actorId) : null);
}

function resourceCell(e: AuditEvent): HTMLElement {
  if (!e.resourceId) return h('td', null, e.resourceType ?? '—');
  const key = e.resourceType ? `${e.resourceType}:${e.resourceId}` : e.resourceId;
  return h('td', null, h('a', { href: `/audit${query({ resource: key })}` }, e.resourceType ?? 'item'), h('span', { class: 'id' }, e.resourceId));
}

function table(items: readonly AuditEvent[], dir: Directory | null): HTMLElement {
  return h(
    'table',
    { class: 'table table--dense' },
    h('caption', null, 'Audit events, newest first'),
    h('thead', null, h('tr', null, ['When', 'Event', 'Outcome', 'Actor', 'Resource', 'From', 'Service'].map((c) => h('th', { scope: 'col' }, c)))),
    h(
      'tbody',
      null,
      items.map((e) =>
        h(
          'tr',
          null,
          h('td', { class: 'nowrap' }, formatDateTime(e.at)),
          h('th', { scope: 'row' }, h('a', { href: `/audit${query({ event: e.event })}` }, e.event)),
          h('td', null, e.outcome),
          actorCell(e, dir),
          resourceCell(e),
          h('td', null, e.ip ?? '—'),
          h('td', null, e.service),
        ),
      ),
    ),
  );
}

export async function auditView(app: AppContext, ctx: RouteContext): Promise<Rendered> {
  const q = ctx.query;
  const title = 'Audit log';
  const heading = h('h1', null, title);
  const intro = h('p', null, 'Every sign-in, every read and every change of patient data is recorded here. The log holds no answers.');
  try {
    const [page, dir] = await Promise.all([
      api<AuditPage>(
        'GET',
        `/api/audit${query({
          actor: q.get('actor') ?? undefined,
          resource: q.get('resource') ?? undefined,
          event: q.get('event') ?? undefined,
          from: startOfDay(q.get('from') ?? ''),
          to: endOfDay(q.get('to') ?? ''),
          cursor: q.get('cursor') ?? undefined,
        })}`,
      ),
      app.session.getDirectory().catch(() => null),
    ]);
    const keep = Object.fromEntries(FILTERS.map((f) => [f, q.get(f) ?? undefined]));
    return {
      title,
      node: h(
        'section',
        null,
        heading,
        intro,
        filtersForm(app, q),
        page.items.length ? table(page.items, dir) : h('p', { class: 'empty' }, 'No audit events match these filters.'),
        h(
          'nav',
          { 'aria-label': 'Pages', class: 'pager' },
          q.get('cursor') ? h('a', { href: `/audit${query(keep)}` }, 'First page') : null,
          page.nextCursor ? h('a', { href: `/audit${query({ ...keep, cursor: page.nextCursor })}` }, 'Next page') : null,
        ),
      ),
    };
  } catch (err) {
    return { title, node: h('section', null, heading, intro, filtersForm(app, q), h('div', { class: 'notice notice--error', role: 'alert' }, h('p', null, messageOf(err)))) };
  }
}
