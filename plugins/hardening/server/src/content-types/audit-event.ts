import { hidden, internal } from './hidden';

/**
 * One admin action: who, what, when, from where, outcome. Never a field value
 * or a request body. `at` is stored as the ISO string that was hashed, so the
 * chain does not depend on how a database rounds timestamps.
 */
export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'hardening_audit_events',
    info: { singularName: 'audit-event', pluralName: 'audit-events', displayName: 'Audit event' },
    options: { draftAndPublish: false },
    pluginOptions: hidden,
    attributes: {
      seq: { type: 'integer', required: true, unique: true, ...internal },
      at: { type: 'string', required: true, ...internal },
      actorType: { type: 'string', required: true, ...internal },
      actorId: { type: 'string', ...internal },
      action: { type: 'string', required: true, ...internal },
      subject: { type: 'string', ...internal },
      targetId: { type: 'string', ...internal },
      ip: { type: 'string', ...internal },
      outcome: { type: 'string', required: true, ...internal },
      status: { type: 'integer', ...internal },
      prevHash: { type: 'string', required: true, ...internal },
      hash: { type: 'string', required: true, unique: true, ...internal },
    },
  },
};
