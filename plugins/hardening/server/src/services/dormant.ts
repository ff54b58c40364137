import type { Core } from '@strapi/strapi';
import { allFactors } from '../mfa/factor-store';
import { latest, planDormant, type AdminActivity, type DormantPlan, type TokenActivity } from '../dormant/select';
import { pluginConfig } from '../utils/plugin-config';

const SUPER_ADMIN = 'strapi-super-admin';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const store = () => strapi.store({ type: 'plugin', name: 'hardening', key: 'installed-at' });
  const audit = (input: object) => strapi.plugin('hardening').service('audit').safeRecord(input) as Promise<void>;

  /** Accounts that signed in before the plugin existed left no sign-in record: they count from the install. */
  async function installedAt(now: Date): Promise<string> {
    const at = (await store().get({})) as string | null;
    if (at) return at;
    await store().set({ value: now.toISOString() });
    return now.toISOString();
  }

  async function activity(now: Date): Promise<{ admins: AdminActivity[]; tokens: TokenActivity[] }> {
    const since = await installedAt(now);
    const users = (await strapi.db.query('admin::user').findMany({ where: { isActive: true }, populate: ['roles'] })) as Array<{
      id: number;
      email: string;
      createdAt: string;
      roles?: Array<{ code: string }>;
    }>;
    const logins = new Map((await allFactors(strapi)).map((f) => [f.userId, f.lastLoginAt]));
    const admins = users.map((u) => ({
      id: u.id,
      email: u.email,
      isSuperAdmin: (u.roles ?? []).some((r) => r.code === SUPER_ADMIN),
      lastActivityAt: latest(logins.get(u.id), u.createdAt, since),
    }));

    const live = (rows: Array<{ expiresAt?: string | null }>) => rows.filter((t) => !t.expiresAt || new Date(t.expiresAt).getTime() > now.getTime());
    const apiTokens = live((await strapi.db.query('admin::api-token').findMany({ select: ['id', 'name', 'kind', 'lastUsedAt', 'createdAt', 'expiresAt'] })) as never[]) as Array<{
      id: number;
      name: string;
      kind: string | null;
      lastUsedAt: string | null;
      createdAt: string;
    }>;
    const transferTokens = live((await strapi.db.query('admin::transfer-token').findMany({ select: ['id', 'name', 'lastUsedAt', 'createdAt', 'expiresAt'] })) as never[]) as Array<{
      id: number;
      name: string;
      lastUsedAt: string | null;
      createdAt: string;
    }>;
    const tokens: TokenActivity[] = [
      ...apiTokens.map((t) => ({ id: t.id, name: t.name, kind: (t.kind === 'admin' ? 'admin' : 'content-api') as TokenActivity['kind'], lastActivityAt: latest(t.lastUsedAt, t.createdAt, since) })),
      ...transferTokens.map((t) => ({ id: t.id, name: t.name, kind: 'transfer' as const, lastActivityAt: latest(t.lastUsedAt, t.createdAt, since) })),
    ];
    return { admins, tokens };
  }

  const service = {
    /** Called at every boot: the first one records when the plugin started watching sign-ins. */
    async rememberInstall(now: Date): Promise<void> {
      await installedAt(now);
    },

    /** The dry run: what a sweep at `now` would deactivate. Changes nothing (except remembering the install date). */
    async report(now: Date): Promise<DormantPlan> {
      const { admins, tokens } = await activity(now);
      return planDormant(admins, tokens, now, pluginConfig(strapi).dormant.days);
    },

    /** Deactivates idle admin accounts (and ends their sessions) and expires idle tokens; each one is audited. */
    async sweep(now: Date): Promise<DormantPlan> {
      const plan = await service.report(now);
      for (const a of plan.admins.filter((x) => x.action === 'deactivate')) {
        await strapi.db.query('admin::user').update({ where: { id: a.id }, data: { isActive: false } });
        await strapi.sessionManager('admin').invalidateRefreshToken(String(a.id));
        await audit({ actorType: 'system', action: 'admin.dormant.deactivate', subject: 'admin::user', targetId: a.id, outcome: 'success' });
      }
      for (const t of plan.tokens) {
        const uid = t.kind === 'transfer' ? 'admin::transfer-token' : 'admin::api-token';
        await strapi.db.query(uid).update({ where: { id: t.id }, data: { expiresAt: now } });
        await audit({ actorType: 'system', action: 'api-token.dormant.deactivate', subject: uid, targetId: t.id, outcome: 'success' });
      }
      return plan;
    },
  };
  return service;
};
