import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const svc = (name: string) => strapi.plugin('hardening').service(name);
  const now = () => (svc('clock') as { now(): Date }).now();
  return {
    /** Dry run of the dormant sweep: who and what the next run would deactivate. */
    async dormant(ctx: Context) {
      ctx.body = { data: { days: strapi.config.get('plugin::hardening.dormant.days'), ...(await svc('dormant').report(now())) } };
    },

    /** The classification guard's current findings (empty when the CMS holds only what it declares). */
    async classification(ctx: Context) {
      ctx.body = { data: { violations: await svc('guard').allViolations() } };
    },
  };
};
