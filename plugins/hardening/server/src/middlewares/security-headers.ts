import type { Core } from '@strapi/strapi';
import type { Context, Next } from 'koa';
import { profileFor, securityHeaders, type Profile } from '../headers/policies';
import { pluginConfig } from '../utils/plugin-config';

/**
 * Application middleware (listed in cms/config/middlewares.ts right after
 * strapi::security, whose CSP and HSTS are turned off there): one place decides
 * every security header, by kind of response. The configuration is fixed once
 * Strapi has booted, so each kind's header set is built once, on first use,
 * rather than on every request of the public read path.
 */
export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) => {
  const adminPath = String(strapi.config.get('admin.path', '/admin'));
  const built = new Map<Profile, Record<string, string>>();
  const headersFor = (path: string): Record<string, string> => {
    const profile = profileFor(path, adminPath);
    let headers = built.get(profile);
    if (!headers) {
      const c = pluginConfig(strapi);
      headers = securityHeaders(
        path,
        {
          production: c.production,
          hsts: c.hsts,
          connectOrigins: c.connectOrigins,
          mediaOrigins: c.mediaOrigins,
          viteWatch: strapi.config.get('admin.serveAdminPanel') === false,
        },
        adminPath,
      );
      built.set(profile, headers);
    }
    return headers;
  };
  return async (ctx: Context, next: Next) => {
    ctx.set(headersFor(ctx.path));
    await next();
  };
};
