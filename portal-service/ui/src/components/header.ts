import { h, replaceChildren } from '../core/dom';
import type { Session } from '../core/session';

interface NavItem {
  href: string;
  label: string;
  show(session: Session): boolean;
}

const NAV: readonly NavItem[] = [
  { href: '/inbox', label: 'Inbox', show: (s) => s.clinical },
  { href: '/audit', label: 'Audit log', show: (s) => s.has('auditor') },
  { href: '/admin/staff', label: 'Staff', show: (s) => s.has('admin') },
  { href: '/admin/clinics', label: 'Clinics', show: (s) => s.has('admin') },
  { href: '/account', label: 'My account', show: () => true },
];

/** The header shows navigation only to a fully signed-in person, and only what their roles open. */
export function renderHeader(el: HTMLElement, session: Session, onSignOut: () => void): void {
  const brand = h('a', { class: 'brand', href: session.signedIn ? session.home : '/signin' }, 'Palisade', h('span', { class: 'brand__sub' }, ' staff portal'));
  if (!session.signedIn || !session.me) {
    replaceChildren(el, h('div', { class: 'header__inner' }, brand));
    return;
  }
  const links = NAV.filter((item) => item.show(session)).map((item) => h('li', null, h('a', { href: item.href, 'data-nav': item.href }, item.label)));
  replaceChildren(
    el,
    h(
      'div',
      { class: 'header__inner' },
      brand,
      h('nav', { 'aria-label': 'Main' }, h('ul', { class: 'nav' }, links)),
      h(
        'div',
        { class: 'header__user' },
        h('span', { class: 'header__name' }, 'Signed in as ', h('strong', null, session.me.name)),
        h('button', { type: 'button', class: 'button button--secondary', on: { click: onSignOut } }, 'Sign out'),
      ),
    ),
  );
  markCurrent(el);
}

/** aria-current tells assistive technology which page of the navigation is open. */
export function markCurrent(el: HTMLElement): void {
  for (const a of el.querySelectorAll<HTMLAnchorElement>('a[data-nav]')) {
    const target = a.dataset.nav ?? '';
    const current = location.pathname === target || (target === '/inbox' && location.pathname.startsWith('/submissions/'));
    if (current) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}
