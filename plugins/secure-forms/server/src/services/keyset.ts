import axios from 'axios';
import type { KeyObject } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { decodeBase64url, ed25519PublicKeyFromRaw, type KeySetDocument } from '@palisade/protocol';
import { readySodium } from '../keyset/sodium';
import { KeySetTrust } from '../keyset/trusted-keyset';
import { PLUGIN_ID } from '../plugin-id';
import { pluginService } from './access';

const MAX_KEYSET_BYTES = 64 * 1024;

/** The portal's verified intake key set, and the receipt key that comes with it. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  let trust: KeySetTrust | undefined;
  const store = () => strapi.store({ type: 'plugin', name: PLUGIN_ID, key: 'keyset' });

  const get = (): KeySetTrust => {
    if (trust) return trust;
    const config = pluginService(strapi, 'settings').config();
    trust = new KeySetTrust({
      sodium: readySodium,
      fetchDocument: async () => {
        const res = await axios.get<unknown>(config.portalKeySetUrl, {
          timeout: config.portalTimeoutMs,
          maxRedirects: 0,
          maxContentLength: MAX_KEYSET_BYTES,
          responseType: 'json',
          headers: { accept: 'application/json' },
        });
        return res.data;
      },
      pin: config.keysetPin,
      allowTofu: config.allowKeysetTofu,
      persisted: {
        load: async () => {
          const value = (await store().get({})) as { doc?: unknown; tofuPin?: unknown } | null;
          if (!value || typeof value !== 'object') return null;
          return { doc: value.doc, tofuPin: typeof value.tofuPin === 'string' ? value.tofuPin : null };
        },
        save: async (state: { doc: KeySetDocument; tofuPin: string | null }) => {
          await store().set({ value: state });
        },
      },
      cacheMs: config.keysetCacheSeconds * 1000,
      now: Date.now,
      warn: (m) => strapi.log.warn(m),
    });
    return trust;
  };

  return {
    trust: get,
    /** true / false, or undefined when no verified key set is available at all. */
    acceptsKid: (kid: string) => get().acceptsKid(kid),
    /**
     * Receipts are signed with the key-set signing key (protocol README §3), the
     * key the CMS already pins, so the receipt kid only names it.
     */
    async receiptKey(_kid: string): Promise<KeyObject | undefined> {
      const set = await get().get();
      return set ? ed25519PublicKeyFromRaw(decodeBase64url(set.doc.signingKey)) : undefined;
    },
  };
};
