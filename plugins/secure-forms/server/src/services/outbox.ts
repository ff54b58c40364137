import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { OutboxStore } from '../outbox/store';
import { ensureTables } from '../outbox/tables';

/** The outbox tables on the CMS's own database (SQLite or PostgreSQL). */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  let store: OutboxStore | undefined;
  const db = () => strapi.db.connection as unknown as Knex;
  return {
    async ensureTables(): Promise<void> {
      await ensureTables(db());
    },
    store(): OutboxStore {
      store ??= new OutboxStore(db());
      return store;
    },
  };
};
