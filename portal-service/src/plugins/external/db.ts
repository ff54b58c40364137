import fp from 'fastify-plugin';
import { auditAppender, auditRowBuilder } from '../../audit/sink';
import type { AuditService } from '../../audit/events';
import type { Db } from '../../db/types';
import type { KeyService } from '../../keys/intake-keys';
import type { Kms } from '../../keys/kms';
import './types';

export interface DbPluginOptions {
  /** The one handle this listener may use. */
  db: Db;
  kms: Kms;
  keys: KeyService;
  service: AuditService;
}

/**
 * Decorates `app.db`, `app.kms`, `app.keys`, `app.audit` and `app.auditRow`. The databases
 * themselves are opened once by buildApps and closed by it, not per listener.
 */
export default fp<DbPluginOptions>(
  async (app, opts) => {
    app.decorate('db', opts.db);
    app.decorate('kms', opts.kms);
    app.decorate('keys', opts.keys);
    app.decorate('audit', auditAppender(opts.service, app.clock));
    app.decorate('auditRow', auditRowBuilder(opts.service, app.clock));
  },
  { name: 'palisade-db', dependencies: ['palisade-env'] },
);
