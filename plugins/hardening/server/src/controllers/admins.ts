import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import { allFactors } from '../mfa/factor-store';
import { isLocked } from '../mfa/lockout';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const now = () => (strapi.plugin('hardening').service('clock') as { now(): Date }).now();
  return {
    /** Every admin account with its second-factor and sign-in state (no secrets). */
    async list(ctx: Context) {
      const users = (await strapi.db.query('admin::user').findMany({ select: ['id', 'email', 'firstname', 'lastname', 'isActive'], orderBy: { id: 'asc' } })) as Array<{
        id: number;
        email: string;
        firstname: string | null;
        lastname: string | null;
        isActive: boolean;
      }>;
      const factors = new Map((await allFactors(strapi)).map((f) => [f.userId, f]));
      ctx.body = {
        data: users.map((u) => {
          const f = factors.get(u.id);
          return {
            id: u.id,
            email: u.email,
            name: [u.firstname, u.lastname].filter(Boolean).join(' '),
            isActive: u.isActive,
            enrolled: Boolean(f?.secret),
            locked: f ? isLocked(f, now()) : false,
            lockedUntil: f && isLocked(f, now()) ? f.lockedUntil : null,
            recoveryCodesLeft: f?.recoveryCodes.length ?? 0,
            lastLoginAt: f?.lastLoginAt ?? null,
          };
        }),
      };
    },

    /** Super admins only (policy): clears another account's second factor and ends its sessions. */
    async resetFactor(ctx: Context) {
      const id = Number(ctx.params.id);
      const target = Number.isInteger(id) ? await strapi.db.query('admin::user').findOne({ where: { id }, select: ['id'] }) : null;
      if (!target) throw new errors.NotFoundError('No such admin account.');
      const by = ctx.state.user as { id: number };
      await strapi.plugin('hardening').service('admin-factors').reset(id, { id: by.id, ip: ctx.ip });
      ctx.body = { data: { id, enrolled: false } };
    },
  };
};
