import type { Core } from '@strapi/strapi';
import type { Context, Next } from 'koa';
import { securityHeaders } from '../headers/policies';
import { pluginConfig } from '../utils/plugin-config';

/**
 * Application middleware (listed in cms/config/middlewares.ts right after
 * strapi::security, whose CSP and HSTS are turned off there): one place decides
 * every security header, by kind of response.
 */
export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) => {
  const adminPath = String(strapi.config.get('admin.path', '/admin'));
  return async (ctx: Context, next: Next) => {
    const c = pluginConfig(strapi);
    const headers = securityHeaders(
      ctx.path,
      {
        production: c.production,
        hsts: c.hsts,
        connectOrigins: c.connectOrigins,
        mediaOrigins: c.mediaOrigins,
        viteWatch: strapi.config.get('admin.serveAdminPanel') === false,
      },
      adminPath,
    );
    ctx.set(headers);
    await next();
  };
};
