import type { EnvelopeV1 } from '@palisade/protocol/browser';
import { fetchDefinition, type FormDefinition } from './definition';
import { encryptSubmission, fetchKeySet } from './encrypt';
import { WidgetError } from './errors';
import { postEnvelope } from './post';
import { renderForm } from './render';
import { loadSodium } from './sodium';
import { ERROR_TEXT, validateAnswers } from './validate';

export interface MountOptions {
  /** The form's slug. */
  form: string;
  /** Origin of the CMS (definitions, submissions). */
  cms: string;
  /** Origin of the portal (the signed key set). */
  portal: string;
  /** Fingerprint(s) of the portal's key-set signing key. */
  keysetPin: string | readonly string[];
  fetch?: typeof fetch;
}

export interface MountedForm {
  definition: FormDefinition;
  form: HTMLFormElement;
}

const SUCCESS_TEXT = 'Thank you. Your answers were encrypted in this browser and sent securely.';

/** Renders the published form into `target` and handles encryption and sending. */
export async function mount(target: HTMLElement, options: MountOptions): Promise<MountedForm | undefined> {
  const doc = target.ownerDocument;
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const loadingNote = doc.createElement('p');
  loadingNote.className = 'psf-status';
  loadingNote.setAttribute('role', 'status');
  loadingNote.textContent = 'Loading the form…';
  target.replaceChildren(loadingNote);
  const pins = typeof options.keysetPin === 'string' ? [options.keysetPin] : options.keysetPin;
  if (pins.filter(Boolean).length === 0) {
    // Without a pin nothing could be verified, so nothing may be encrypted: say so instead of showing a form.
    loadingNote.textContent = 'This form cannot be used: it is not set up for secure sending (no key pin). Please contact the clinic.';
    return undefined;
  }

  let definition: FormDefinition;
  try {
    definition = await fetchDefinition(options.cms, options.form, fetchImpl);
  } catch {
    loadingNote.textContent = 'This form is not available right now. Please try again later.';
    return undefined;
  }
  const ui = renderForm(doc, definition);
  target.replaceChildren(ui.form);

  // The first interaction starts the heavy work (libsodium, key set) while the visitor types.
  let keySet: Promise<unknown> | undefined;
  const prepare = () => {
    void loadSodium().catch(() => undefined);
    keySet ??= fetchKeySet(options.portal, fetchImpl).catch((err: unknown) => {
      keySet = undefined;
      throw err;
    });
    keySet.catch(() => undefined);
  };
  for (const type of ['focusin', 'pointerdown', 'keydown'] as const) ui.form.addEventListener(type, prepare, { once: true });

  let pending: { answers: string; envelope: EnvelopeV1 } | undefined;
  ui.form.addEventListener('submit', (event) => {
    event.preventDefault();
    void send();
  });

  async function send(): Promise<void> {
    const answers = ui.read();
    const errors = validateAnswers(definition, answers);
    const messages = Object.fromEntries(Object.entries(errors).map(([k, e]) => [k, ERROR_TEXT[e]]));
    ui.showErrors(messages);
    if (Object.keys(errors).length > 0) {
      ui.status.textContent = `Please correct ${Object.keys(errors).length === 1 ? 'the highlighted answer' : 'the highlighted answers'}.`;
      return;
    }
    ui.setBusy(true);
    ui.status.textContent = 'Encrypting and sending…';
    try {
      const snapshot = JSON.stringify(answers);
      // A retry of unchanged answers re-sends the same envelope, so the CMS stores it once.
      if (!pending || pending.answers !== snapshot) {
        prepare();
        const envelope = await encryptSubmission(definition, answers, { document: await keySet, pin: options.keysetPin });
        pending = { answers: snapshot, envelope };
      }
      const outcome = await postEnvelope(options.cms, pending.envelope, fetchImpl);
      if (outcome.kind === 'sent') {
        ui.status.textContent = SUCCESS_TEXT;
        ui.form.dataset.state = 'sent';
        ui.lock();
        return;
      }
      ui.status.textContent = outcome.message;
      ui.form.dataset.state = outcome.kind;
      ui.submit.textContent = outcome.kind === 'retry' ? 'Try again' : 'Send securely';
      if (outcome.kind === 'failed') pending = undefined;
    } catch (err) {
      ui.form.dataset.state = 'refused';
      ui.status.textContent = err instanceof WidgetError ? err.message : 'Your answers could not be encrypted. Nothing was sent.';
      if (err instanceof WidgetError) ui.showErrors(err.fieldErrors);
    } finally {
      if (ui.form.dataset.state !== 'sent') ui.setBusy(false);
    }
  }

  return { definition, form: ui.form };
}
