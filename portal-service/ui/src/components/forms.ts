import { ApiError } from '../core/api';
import { h, replaceChildren, uid, type Child } from '../core/dom';

export interface FieldOptions {
  label: string;
  name: string;
  type?: 'text' | 'email' | 'password' | 'date' | 'search';
  autocomplete?: string;
  required?: boolean;
  hint?: string;
  value?: string;
  inputmode?: 'numeric' | 'text' | 'email';
  pattern?: string;
  maxlength?: number;
  spellcheck?: boolean;
}

export interface FieldHandle<E extends HTMLElement = HTMLInputElement> {
  wrapper: HTMLElement;
  input: E;
  setError(message: string | null): void;
}

/** Label, hint and error are tied to the control, so each is read out with it. */
function wire<E extends HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(label: string, input: E, hint?: string): FieldHandle<E> {
  const id = input.id || uid('field');
  input.id = id;
  const hintEl = hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null;
  const errorEl = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
  const describe = (withError: boolean) => {
    const ids = [hintEl?.id, withError ? errorEl.id : undefined].filter(Boolean).join(' ');
    if (ids) input.setAttribute('aria-describedby', ids);
    else input.removeAttribute('aria-describedby');
  };
  describe(false);
  const wrapper = h('div', { class: 'field' }, h('label', { for: id }, label), hintEl, errorEl, input);
  return {
    wrapper,
    input,
    setError(message) {
      errorEl.hidden = !message;
      errorEl.textContent = message ? `Error: ${message}` : '';
      wrapper.classList.toggle('field--error', Boolean(message));
      if (message) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
      describe(Boolean(message));
    },
  };
}

export function textField(opts: FieldOptions): FieldHandle {
  const input = h('input', {
    type: opts.type ?? 'text',
    name: opts.name,
    autocomplete: opts.autocomplete,
    required: opts.required,
    'aria-required': opts.required ? 'true' : undefined,
    value: opts.value,
    inputmode: opts.inputmode,
    pattern: opts.pattern,
    maxlength: opts.maxlength,
    spellcheck: opts.spellcheck === false ? 'false' : undefined,
  });
  return wire(opts.label, input, opts.hint);
}

export function selectField(opts: { label: string; name: string; options: readonly { value: string; label: string }[]; value?: string; hint?: string }): FieldHandle<HTMLSelectElement> {
  const select = h(
    'select',
    { name: opts.name },
    opts.options.map((o) => h('option', { value: o.value, selected: o.value === (opts.value ?? '') }, o.label)),
  );
  return wire(opts.label, select, opts.hint);
}

/**
 * The box at the top of a form that says what went wrong, in plain words. It
 * is an alert (read out at once) and takes focus, so a keyboard user is
 * already where the explanation is.
 */
export function errorSummary(): { el: HTMLElement; show(message: string, items?: readonly { href: string; text: string }[]): void; clear(): void } {
  const el = h('div', { class: 'error-summary', role: 'alert', tabindex: '-1', hidden: true });
  return {
    el,
    show(message, items = []) {
      replaceChildren(
        el,
        h('h2', { class: 'error-summary__title' }, 'There is a problem'),
        h('p', null, message),
        items.length ? h('ul', null, items.map((i) => h('li', null, h('a', { href: i.href }, i.text)))) : null,
      );
      el.hidden = false;
      el.focus();
    },
    clear() {
      el.hidden = true;
      el.replaceChildren();
    },
  };
}

export function button(label: Child, opts: { type?: 'submit' | 'button'; variant?: 'primary' | 'secondary' | 'danger' | 'link'; onClick?: () => void; describedBy?: string } = {}): HTMLButtonElement {
  return h(
    'button',
    {
      type: opts.type ?? 'button',
      class: `button button--${opts.variant ?? 'primary'}`,
      'aria-describedby': opts.describedBy,
      on: opts.onClick ? { click: () => opts.onClick?.() } : undefined,
    },
    label,
  );
}

export function messageOf(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return 'Something went wrong in this page. Reload it and try again.';
}

/**
 * Runs a form's action once at a time: the button says it is working, errors
 * land in the summary, and nothing is lost from the fields on failure.
 */
export function onSubmit(form: HTMLFormElement, submit: HTMLButtonElement, summary: ReturnType<typeof errorSummary>, action: () => Promise<void>): void {
  let busy = false;
  const idle = submit.textContent ?? '';
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (busy) return;
    busy = true;
    summary.clear();
    submit.setAttribute('aria-disabled', 'true');
    submit.textContent = 'Please wait…';
    action()
      .catch((err: unknown) => summary.show(messageOf(err)))
      .finally(() => {
        busy = false;
        submit.removeAttribute('aria-disabled');
        submit.textContent = idle;
      });
  });
}
