import type { Core } from '@strapi/strapi';

export const AUDIT_UID = 'plugin::hardening.audit-event';

export interface Anchor {
  seq: number;
  hash: string;
}

/** Where verification starts after retention purged the oldest rows: the last purged row. */
export async function readAnchor(strapi: Core.Strapi): Promise<Anchor | undefined> {
  const v = (await strapi.store({ type: 'plugin', name: 'hardening', key: 'audit-anchor' }).get({})) as Anchor | null | undefined;
  return v && typeof v.seq === 'number' && typeof v.hash === 'string' ? v : undefined;
}

export async function writeAnchor(strapi: Core.Strapi, anchor: Anchor): Promise<void> {
  await strapi.store({ type: 'plugin', name: 'hardening', key: 'audit-anchor' }).set({ value: anchor });
}

export const auditQuery = (strapi: Core.Strapi) => strapi.db.query(AUDIT_UID as never);
