import { h, replaceChildren } from '../core/dom';

/**
 * The one-minute warning before an idle sign-out (WCAG 2.2.1: a warning and
 * a simple way to extend). It is an alert, so it is read out without taking
 * focus away from whatever the person is doing.
 */
export function idleNotice(el: HTMLElement, onStay: () => void) {
  return {
    show(kind: 'idle' | 'absolute') {
      const text =
        kind === 'idle'
          ? 'You will be signed out in 1 minute because there has been no activity.'
          : 'Your session reaches its maximum length in 1 minute. Save your work; you will need to sign in again.';
      replaceChildren(
        el,
        h(
          'div',
          { class: 'notice notice--warning', role: 'alert' },
          h('p', null, text),
          kind === 'idle' ? h('button', { type: 'button', class: 'button button--primary', on: { click: onStay } }, 'Stay signed in') : null,
        ),
      );
    },
    clear() {
      el.replaceChildren();
    },
  };
}
