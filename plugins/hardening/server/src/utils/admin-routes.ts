import type { Core } from '@strapi/strapi';

export interface RouteDef {
  method: string;
  path: string;
  handler: unknown;
  config?: { middlewares?: unknown[]; policies?: unknown[]; [k: string]: unknown };
}

/** The admin's own route definitions (before Strapi registers them), to put plugin middlewares in front. */
export function adminRoutes(strapi: Core.Strapi): RouteDef[] {
  const routers = (strapi.admin as unknown as { routes?: Record<string, { routes?: RouteDef[] }> }).routes ?? {};
  return Object.values(routers).flatMap((r) => (typeof r === 'object' && Array.isArray(r.routes) ? r.routes : []));
}

/** Runs `middleware` first on the admin route with this handler; throws if Strapi renamed it, so the control cannot silently vanish. */
export function prependToAdminRoute(strapi: Core.Strapi, handler: string, middleware: unknown): void {
  const matches = adminRoutes(strapi).filter((r) => r.handler === handler);
  if (matches.length === 0) throw new Error(`[hardening] admin route ${handler} not found: refusing to start without its guard`);
  for (const route of matches) route.config = { ...route.config, middlewares: [middleware, ...(route.config?.middlewares ?? [])] };
}
