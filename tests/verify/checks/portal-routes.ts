import { request } from '../http';

/** Every staff route as of the portal's API (used when the deployment hides its OpenAPI document). */
export const KNOWN_STAFF_ROUTES: ReadonlyArray<[string, string]> = [
  ['GET', '/api/me'],
  ['POST', '/api/auth/totp'],
  ['POST', '/api/auth/enroll/start'],
  ['POST', '/api/auth/enroll/confirm'],
  ['POST', '/api/auth/logout'],
  ['GET', '/api/submissions'],
  ['GET', '/api/submissions/:id'],
  ['PATCH', '/api/submissions/:id'],
  ['GET', '/api/admin/staff'],
  ['POST', '/api/admin/staff'],
  ['PATCH', '/api/admin/staff/:id'],
  ['POST', '/api/admin/staff/:id/reset-factor'],
  ['GET', '/api/admin/clinics'],
  ['POST', '/api/admin/clinics'],
  ['GET', '/api/admin/forms'],
  ['POST', '/api/admin/forms'],
  ['GET', '/api/audit'],
];

/** Routes that answer without a session by design: nothing behind them is protected data. */
const PUBLIC_BY_DESIGN = new Set(['POST /api/auth/login', 'POST /api/auth/enrollment', 'GET /intake/keys', 'GET /healthz']);

/**
 * The staff listener's routes: its OpenAPI document when served (so a new route
 * is probed without editing this list), merged with the known list.
 */
export async function staffRoutes(portalUrl: string): Promise<{ routes: Array<[string, string]>; source: string }> {
  const seen = new Map<string, [string, string]>();
  for (const r of KNOWN_STAFF_ROUTES) seen.set(`${r[0]} ${r[1]}`, [r[0], r[1]]);
  let source = 'built-in route list';
  try {
    const res = await request(`${portalUrl}/docs/json`);
    const paths = (res.body as { paths?: Record<string, Record<string, unknown>> } | undefined)?.paths;
    if (res.status === 200 && paths) {
      source = 'OpenAPI document + built-in list';
      for (const [p, ops] of Object.entries(paths)) {
        for (const method of Object.keys(ops)) {
          const m = method.toUpperCase();
          if (!['GET', 'POST', 'PATCH', 'PUT', 'DELETE'].includes(m)) continue;
          const route = p.replace(/\{(\w+)\}/g, ':$1');
          if (!route.startsWith('/api/')) continue;
          seen.set(`${m} ${route}`, [m, route]);
        }
      }
    }
  } catch {
    // No document: the known list stands.
  }
  const routes = [...seen.values()].filter(([m, p]) => !PUBLIC_BY_DESIGN.has(`${m} ${p}`));
  return { routes, source };
}

export function fillParams(route: string, id: string): string {
  return route.replace(/:(\w+)/g, id);
}
