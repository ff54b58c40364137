import { button, errorSummary, messageOf, onSubmit, textField } from '../components/forms';
import { api } from '../core/api';
import { h, replaceChildren } from '../core/dom';
import { announce } from '../core/live';
import type { Rendered } from '../core/router';
import type { Clinic } from '../core/types';

export async function adminClinicsView(): Promise<Rendered> {
  const title = 'Clinics';
  const listSlot = h('div');
  const refresh = async () => {
    const { items } = await api<{ items: Clinic[] }>('GET', '/api/admin/clinics');
    replaceChildren(
      listSlot,
      items.length
        ? h('table', { class: 'table' }, h('caption', null, 'Clinics'), h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'Code'))), h('tbody', null, items.map((c) => h('tr', null, h('th', { scope: 'row' }, c.name), h('td', null, h('code', null, c.code))))))
        : h('p', { class: 'empty' }, 'There are no clinics yet.'),
    );
  };
  try {
    await refresh();
  } catch (err) {
    return { title, node: h('section', null, h('h1', null, title), h('div', { class: 'notice notice--error', role: 'alert' }, h('p', null, messageOf(err)))) };
  }
  const summary = errorSummary();
  const name = textField({ label: 'Clinic name', name: 'name', required: true, autocomplete: 'off' });
  const code = textField({ label: 'Short code', name: 'code', required: true, autocomplete: 'off', spellcheck: false, hint: 'Lower-case letters, digits and dashes, for example riverside. Forms name their clinic by this code.' });
  const submit = button('Add clinic', { type: 'submit' });
  const form = h('form', { novalidate: true, 'aria-labelledby': 'add-clinic', class: 'panel' }, h('h2', { id: 'add-clinic' }, 'Add a clinic'), summary.el, name.wrapper, code.wrapper, submit);
  onSubmit(form, submit, summary, async () => {
    code.setError(null);
    if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(code.input.value)) {
      code.setError('Use 2 to 63 lower-case letters, digits or dashes, starting with a letter or digit.');
      return summary.show('The short code is not valid.', [{ href: `#${code.input.id}`, text: 'Fix the short code.' }]);
    }
    await api('POST', '/api/admin/clinics', { code: code.input.value, name: name.input.value.trim() });
    announce(`${name.input.value.trim()} added.`);
    name.input.value = '';
    code.input.value = '';
    await refresh();
  });
  return { title, node: h('section', null, h('h1', null, title), form, listSlot) };
}
