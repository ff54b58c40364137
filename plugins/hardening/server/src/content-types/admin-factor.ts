import { hidden, internal } from './hidden';

/**
 * The second factor and sign-in state of one admin account. TOTP secrets are
 * encrypted with Strapi's admin encryption key; recovery codes are stored as
 * SHA-256 digests (80 random bits each, so a digest cannot be reversed).
 */
export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'hardening_admin_factors',
    info: { singularName: 'admin-factor', pluralName: 'admin-factors', displayName: 'Admin factor' },
    options: { draftAndPublish: false },
    pluginOptions: hidden,
    attributes: {
      userId: { type: 'integer', required: true, unique: true, ...internal },
      secret: { type: 'text', ...internal },
      pendingSecret: { type: 'text', ...internal },
      enrolledAt: { type: 'string', ...internal },
      lastStep: { type: 'integer', ...internal },
      recoveryCodes: { type: 'json', ...internal },
      failures: { type: 'integer', ...internal },
      lockCount: { type: 'integer', ...internal },
      lockedUntil: { type: 'string', ...internal },
      lastLoginAt: { type: 'string', ...internal },
    },
  },
};
