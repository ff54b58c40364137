import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { pluginService } from '../services/access';

/** GET /secure-forms/status (admin): numbers and settings, never ciphertext. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async read(ctx: Context) {
    ctx.body = { data: await pluginService(strapi, 'status').summary() };
  },
});
