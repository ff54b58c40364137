import type { Core, UID } from '@strapi/strapi';
import { envelopeDigest, type EnvelopeV1 } from '@palisade/protocol';
import { pluginService } from './access';

export type IntakeResult =
  | { kind: 'accepted'; id: string; status: 'queued' | 'delivered' }
  | { kind: 'unknown-form' }
  | { kind: 'unknown-kid' }
  | { kind: 'no-keyset' }
  | { kind: 'conflict' };

/**
 * What happens to a well-formed envelope: the form must be published, the kid
 * must be in the verified key set, then the outbox stores it once and the
 * courier forwards it at once. Only ciphertext ever reaches this code.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async formIsPublished(slug: string): Promise<boolean> {
    const uid = pluginService(strapi, 'settings').config().formContentType as UID.ContentType;
    const form = await strapi.documents(uid).findFirst({ filters: { slug } as never, status: 'published', fields: ['slug'] as never });
    return form !== null && form !== undefined;
  },

  async accept(envelope: EnvelopeV1): Promise<IntakeResult> {
    if (!(await this.formIsPublished(envelope.form))) return { kind: 'unknown-form' };
    const kidOk = await pluginService(strapi, 'keyset').acceptsKid(envelope.kid);
    if (kidOk === undefined) return { kind: 'no-keyset' };
    if (!kidOk) return { kind: 'unknown-kid' };

    const store = pluginService(strapi, 'outbox').store();
    const digest = envelopeDigest(envelope);
    const outcome = await store.accept({ id: envelope.id, form: envelope.form, kid: envelope.kid, ciphertext: envelope.ct, digest }, Date.now());
    if (outcome.kind !== 'stored' && !outcome.sameDigest) return { kind: 'conflict' };
    if (outcome.kind === 'shredded') return { kind: 'accepted', id: envelope.id, status: 'delivered' };
    if (outcome.kind === 'pending') {
      // A repeat (the visitor's retry) sends again only when the row is due, so repeats cannot bypass the backoff.
      const row = await store.get(envelope.id);
      if (!row || row.receipt) return { kind: 'accepted', id: envelope.id, status: 'delivered' };
      if (row.nextAttemptAt > Date.now()) return { kind: 'accepted', id: envelope.id, status: 'queued' };
    }
    const status = await pluginService(strapi, 'courier').deliver(envelope.id);
    return { kind: 'accepted', id: envelope.id, status };
  },
});
