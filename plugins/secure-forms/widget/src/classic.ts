/**
 * Classic script build (secure-forms.js), for
 * `<script src=".../secure-forms.js" data-form="…" data-cms="…" data-portal="…" data-keyset-pin="…">`:
 * renders the form right after its own script tag. libsodium comes from a
 * second script (secure-forms-sodium.js, beside this one, checked with
 * Subresource Integrity) added on the first interaction.
 */
import type { SodiumLike } from '@palisade/protocol/browser';
import * as api from './api';
import { setSodiumLoader } from './sodium';

declare const __SODIUM_FILE__: string;
declare const __SODIUM_INTEGRITY__: string;

type SodiumGlobal = { PalisadeSodium?: Promise<SodiumLike> };

const script = document.currentScript as HTMLScriptElement | null;
const sodiumUrl = new URL(__SODIUM_FILE__, script?.src || document.baseURI).href;

setSodiumLoader(
  () =>
    new Promise<SodiumLike>((resolve, reject) => {
      const existing = (globalThis as SodiumGlobal).PalisadeSodium;
      if (existing) return void existing.then(resolve, reject);
      const tag = document.createElement('script');
      tag.src = sodiumUrl;
      tag.integrity = __SODIUM_INTEGRITY__;
      tag.crossOrigin = 'anonymous';
      tag.async = true;
      tag.onload = () => {
        const loaded = (globalThis as SodiumGlobal).PalisadeSodium;
        if (loaded) loaded.then(resolve, reject);
        else reject(new Error('libsodium script did not register'));
      };
      tag.onerror = () => {
        tag.remove();
        reject(new Error('libsodium script failed to load'));
      };
      document.head.append(tag);
    }),
);

(globalThis as { PalisadeSecureForms?: typeof api }).PalisadeSecureForms = api;

const data = script?.dataset;
if (script && data?.form && data.cms && data.portal) {
  const target = document.createElement('div');
  target.className = 'psf-widget';
  script.after(target);
  void api.mount(target, { form: data.form, cms: data.cms, portal: data.portal, keysetPin: (data.keysetPin ?? '').split(',').map((p) => p.trim()).filter(Boolean) });
}
