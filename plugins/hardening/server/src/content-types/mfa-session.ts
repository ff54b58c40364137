import { hidden, internal } from './hidden';

/** An admin session (Strapi's session id) that passed the second factor. */
export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'hardening_mfa_sessions',
    info: { singularName: 'mfa-session', pluralName: 'mfa-sessions', displayName: 'Second-factor session' },
    options: { draftAndPublish: false },
    pluginOptions: hidden,
    attributes: {
      sessionId: { type: 'string', required: true, unique: true, ...internal },
      userId: { type: 'integer', required: true, ...internal },
      verifiedAt: { type: 'string', required: true, ...internal },
    },
  },
};
