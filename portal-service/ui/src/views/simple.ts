import { h } from '../core/dom';
import type { Rendered } from '../core/router';

export function notFoundView(): Rendered {
  return {
    title: 'Page not found',
    node: h('section', null, h('h1', null, 'Page not found'), h('p', null, 'There is no page at this address. Check the address, or go back to the start.'), h('p', null, h('a', { href: '/' }, 'Go to the start page'))),
  };
}

export function forbiddenView(): Rendered {
  return {
    title: 'No access',
    node: h('section', null, h('h1', null, 'You do not have access to this page'), h('p', null, 'Your roles do not include this part of the portal. If you need it, ask an administrator.'), h('p', null, h('a', { href: '/' }, 'Go to the start page'))),
  };
}

export function loadingView(): Rendered {
  return { title: 'Loading', node: h('section', null, h('h1', null, 'Loading…')) };
}

export function failureView(message: string): Rendered {
  return {
    title: 'Something went wrong',
    node: h('section', null, h('h1', null, 'Something went wrong'), h('div', { class: 'notice notice--error', role: 'alert' }, h('p', null, message)), h('p', null, h('a', { href: '/' }, 'Go to the start page'))),
  };
}
