import type { Core, UID } from '@strapi/strapi';
import { envelopeDigest, type EnvelopeV1 } from '@palisade/protocol';
import { errorKind } from '../error-kind';
import { PublishedForms } from '../intake/published-forms';
import type { OutboxRow } from '../outbox/store';
import { pluginService } from './access';

export type IntakeResult =
  | { kind: 'accepted'; id: string; status: 'queued' | 'delivered' }
  | { kind: 'unknown-form' }
  | { kind: 'unknown-kid' }
  | { kind: 'no-keyset' }
  | { kind: 'conflict' };

/** Long enough to spare the database a read per submission, short enough for other CMS instances to follow. */
const FORM_CACHE_MS = 5_000;

const WRITES = ['afterCreate', 'afterCreateMany', 'afterUpdate', 'afterUpdateMany', 'afterDelete', 'afterDeleteMany'] as const;

/**
 * What happens to a well-formed envelope: the form must be published, the kid
 * must be in the verified key set, then the outbox stores it once, already
 * claimed, and the courier forwards it at once. Only ciphertext ever reaches this code.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const formUid = () => pluginService(strapi, 'settings').config().formContentType as UID.ContentType;
  let forms: PublishedForms | undefined;

  /** Created on first use, when the database and its lifecycles exist. */
  const publishedForms = (): PublishedForms => {
    if (forms) return forms;
    const cache = new PublishedForms({
      load: async () => {
        const rows = await strapi.documents(formUid()).findMany({ status: 'published', fields: ['slug'] as never });
        return rows.map((r) => String((r as { slug?: unknown }).slug));
      },
      ttlMs: FORM_CACHE_MS,
      now: Date.now,
    });
    // Publish, unpublish and delete all write rows of the form type. Inside the document
    // service's transaction the change is not visible to other connections until it
    // commits, so the cache is dropped now and once more at the commit.
    const onWrite = async () => {
      cache.invalidate();
      if (strapi.db.inTransaction()) await strapi.db.transaction(async ({ onCommit }) => onCommit(() => cache.invalidate()));
    };
    strapi.db.lifecycles.subscribe({ models: [formUid()], ...Object.fromEntries(WRITES.map((w) => [w, onWrite])) });
    forms = cache;
    return cache;
  };

  /**
   * The row is ours (claimed by the insert): send the copy we hold. It is stored
   * whatever happens next, so a failure here answers `queued`, not an error that
   * would tell the visitor nothing was kept; the sweep sends it after the lease.
   */
  const sendStored = async (row: OutboxRow): Promise<'queued' | 'delivered'> => {
    try {
      return await pluginService(strapi, 'courier').deliverClaimed(row);
    } catch (err) {
      strapi.log.warn(`secure-forms: envelope ${row.id} stored, first forward failed (${errorKind(err)}); the sweep will send it`);
      return 'queued';
    }
  };

  return {
    formIsPublished(slug: string): Promise<boolean> {
      return publishedForms().has(slug);
    },

    async accept(envelope: EnvelopeV1): Promise<IntakeResult> {
      if (!(await this.formIsPublished(envelope.form))) return { kind: 'unknown-form' };
      const kidOk = await pluginService(strapi, 'keyset').acceptsKid(envelope.kid);
      if (kidOk === undefined) return { kind: 'no-keyset' };
      if (!kidOk) return { kind: 'unknown-kid' };

      const store = pluginService(strapi, 'outbox').store();
      const courier = pluginService(strapi, 'courier');
      const digest = envelopeDigest(envelope);
      const input = { id: envelope.id, form: envelope.form, kid: envelope.kid, ciphertext: envelope.ct, digest };
      const outcome = await store.accept(input, Date.now(), courier.leaseMs());
      if (outcome.kind === 'stored') return { kind: 'accepted', id: envelope.id, status: await sendStored(outcome.row) };
      if (!outcome.sameDigest) return { kind: 'conflict' };
      // A repeat gets the first answer: delivered, or queued for an envelope the portal signed a final rejection of.
      if (outcome.kind === 'shredded') return { kind: 'accepted', id: envelope.id, status: outcome.rejected ? 'queued' : 'delivered' };
      if (outcome.row.receipt) return { kind: 'accepted', id: envelope.id, status: 'delivered' };
      // A repeat (the visitor's retry) sends again only when the row is due, so repeats cannot bypass the backoff.
      if (outcome.row.nextAttemptAt > Date.now()) return { kind: 'accepted', id: envelope.id, status: 'queued' };
      return { kind: 'accepted', id: envelope.id, status: await courier.deliver(envelope.id) };
    },
  };
};
