import type { FieldDefinition, FormDefinition } from './definition';
import type { Answers } from './validate';

/**
 * Accessible HTML for a form definition, built with DOM calls and textContent
 * only (labels come from the CMS and are never parsed as HTML). Error and
 * status lines have their space reserved so that messages never move the page.
 * Styling is left to the site through the psf-* class names; nothing here needs
 * an inline <style>, so a strict CSP is fine.
 */
export interface RenderedForm {
  form: HTMLFormElement;
  submit: HTMLButtonElement;
  status: HTMLElement;
  read(): Answers;
  showErrors(errors: Record<string, string>): void;
  setBusy(busy: boolean): void;
  lock(): void;
}

let counter = 0;
const AUTOCOMPLETE: Partial<Record<FieldDefinition['type'], string>> = { email: 'email', tel: 'tel' };

function el<K extends keyof HTMLElementTagNameMap>(doc: Document, tag: K, props: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const node = doc.createElement(tag);
  for (const [name, value] of Object.entries(props)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

function reserveLine(node: HTMLElement): HTMLElement {
  node.style.minHeight = '1.5em';
  node.style.margin = '0.25em 0';
  return node;
}

function requiredMark(doc: Document): HTMLElement {
  return el(doc, 'span', { class: 'psf-required', 'aria-hidden': 'true' }, ' *');
}

interface FieldParts {
  wrapper: HTMLElement;
  controls: Array<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>;
  error: HTMLElement;
  focusTarget: HTMLElement;
}

function renderField(doc: Document, base: string, field: FieldDefinition): FieldParts {
  const id = `${base}-${field.key}`;
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const describedBy = field.helpText ? `${helpId} ${errorId}` : errorId;
  const help = field.helpText ? el(doc, 'p', { id: helpId, class: 'psf-help' }, field.helpText) : undefined;
  const error = reserveLine(el(doc, 'p', { id: errorId, class: 'psf-error' }));
  const required = (node: HTMLElement) => {
    if (field.required) node.setAttribute('aria-required', 'true');
  };

  if (field.type === 'radio') {
    const wrapper = el(doc, 'fieldset', { class: 'psf-field psf-radio', 'aria-describedby': describedBy });
    required(wrapper);
    const legend = el(doc, 'legend', {}, field.label);
    if (field.required) legend.append(requiredMark(doc));
    wrapper.append(legend);
    if (help) wrapper.append(help);
    const controls = field.options.map((option, i) => {
      const input = el(doc, 'input', { type: 'radio', id: `${id}-${i}`, name: field.key, value: option });
      const label = el(doc, 'label', { for: `${id}-${i}`, class: 'psf-option' });
      label.append(input, doc.createTextNode(` ${option}`));
      wrapper.append(label);
      return input;
    });
    wrapper.append(error);
    return { wrapper, controls, error, focusTarget: controls[0] ?? wrapper };
  }

  const wrapper = el(doc, 'div', { class: `psf-field psf-${field.type}` });
  const label = el(doc, 'label', { for: id }, field.label);
  if (field.required) label.append(requiredMark(doc));
  let control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
  if (field.type === 'textarea') {
    control = el(doc, 'textarea', { id, name: field.key, rows: '4' });
  } else if (field.type === 'select') {
    control = el(doc, 'select', { id, name: field.key });
    control.append(el(doc, 'option', { value: '' }, 'Choose…'));
    for (const option of field.options) control.append(el(doc, 'option', { value: option }, option));
  } else {
    control = el(doc, 'input', { id, name: field.key, type: field.type });
    const auto = AUTOCOMPLETE[field.type];
    if (auto) control.setAttribute('autocomplete', auto);
  }
  control.setAttribute('aria-describedby', describedBy);
  required(control);
  if (field.type === 'checkbox') wrapper.append(control, label);
  else wrapper.append(label, control);
  if (help) wrapper.insertBefore(help, field.type === 'checkbox' ? null : control);
  wrapper.append(error);
  return { wrapper, controls: [control], error, focusTarget: control };
}

export function renderForm(doc: Document, definition: FormDefinition): RenderedForm {
  const base = `psf-${++counter}`;
  const form = el(doc, 'form', { class: 'psf-form', novalidate: '', 'aria-labelledby': `${base}-title` });
  form.append(el(doc, 'h2', { id: `${base}-title`, class: 'psf-title' }, definition.title));
  if (definition.description) form.append(el(doc, 'p', { class: 'psf-description' }, definition.description));
  if (definition.fields.some((f) => f.required)) form.append(el(doc, 'p', { class: 'psf-required-note' }, 'Fields marked * are required.'));

  const parts = new Map<string, FieldParts>();
  for (const field of definition.fields) {
    const p = renderField(doc, base, field);
    parts.set(field.key, p);
    form.append(p.wrapper);
  }
  const submit = el(doc, 'button', { type: 'submit', class: 'psf-submit' }, 'Send securely');
  const status = reserveLine(el(doc, 'p', { class: 'psf-status', role: 'status', 'aria-live': 'polite' }));
  form.append(submit, status);

  return {
    form,
    submit,
    status,
    read() {
      const answers: Answers = {};
      for (const field of definition.fields) {
        const { controls } = parts.get(field.key)!;
        if (field.type === 'checkbox') answers[field.key] = (controls[0] as HTMLInputElement).checked;
        else if (field.type === 'radio') answers[field.key] = (controls as HTMLInputElement[]).find((c) => c.checked)?.value ?? '';
        else answers[field.key] = controls[0]!.value;
      }
      return answers;
    },
    showErrors(errors) {
      let first: HTMLElement | undefined;
      for (const [key, p] of parts) {
        const message = errors[key];
        p.error.textContent = message ?? '';
        const invalidTarget = p.wrapper.tagName === 'FIELDSET' ? p.wrapper : p.controls[0]!;
        if (message) invalidTarget.setAttribute('aria-invalid', 'true');
        else invalidTarget.removeAttribute('aria-invalid');
        if (message && !first) first = p.focusTarget;
      }
      first?.focus();
    },
    setBusy(busy) {
      submit.disabled = busy;
      form.setAttribute('aria-busy', String(busy));
    },
    lock() {
      for (const p of parts.values()) for (const c of p.controls) c.disabled = true;
      submit.disabled = true;
    },
  };
}
