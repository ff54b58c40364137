import type { Core } from '@strapi/strapi';

interface Classification {
  contentTypes: Record<string, { classification: string; publicActions?: string[] }>;
}

/** The exact set of content-API actions the public role may hold. */
export function allowedPublicActions(classification: Classification): string[] {
  return Object.entries(classification.contentTypes).flatMap(([uid, c]) =>
    (c.publicActions ?? []).map((action) => `${uid}.${action}`),
  );
}

/**
 * Makes the public role hold exactly the allowed actions, at every boot. A grant
 * added by hand in the admin (or users-permissions' own defaults such as public
 * registration) is removed and logged, because the public role is reachable by
 * anyone on the internet.
 */
export async function enforcePublicPermissions(strapi: Core.Strapi): Promise<void> {
  const classification = strapi.config.get('classification') as Classification;
  const allowed = new Set(allowedPublicActions(classification));

  const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'public' } });
  if (!role) throw new Error('users-permissions public role is missing');

  const permissions = strapi.db.query('plugin::users-permissions.permission');
  const existing: Array<{ id: number; action: string }> = await permissions.findMany({ where: { role: role.id } });

  const extra = existing.filter((p) => !allowed.has(p.action));
  if (extra.length > 0) {
    await permissions.deleteMany({ where: { id: { $in: extra.map((p) => p.id) } } });
    strapi.log.warn(`Removed ${extra.length} public permission(s) outside the allowed set: ${extra.map((p) => p.action).join(', ')}`);
  }
  const have = new Set(existing.map((p) => p.action));
  for (const action of allowed) {
    if (!have.has(action)) await permissions.create({ data: { action, role: role.id } });
  }
}

/** The CMS has no patient or visitor accounts: no registration, no sign-in providers. */
export async function closePublicAccounts(strapi: Core.Strapi): Promise<void> {
  const store = strapi.store({ type: 'plugin', name: 'users-permissions' });

  const advanced = ((await store.get({ key: 'advanced' })) ?? {}) as Record<string, unknown>;
  if (advanced.allow_register !== false) {
    await store.set({ key: 'advanced', value: { ...advanced, allow_register: false } });
  }

  const grant = ((await store.get({ key: 'grant' })) ?? {}) as Record<string, { enabled?: boolean }>;
  const anyEnabled = Object.values(grant).some((p) => p.enabled);
  if (anyEnabled) {
    const closed = Object.fromEntries(Object.entries(grant).map(([name, p]) => [name, { ...p, enabled: false }]));
    await store.set({ key: 'grant', value: closed });
  }
}
