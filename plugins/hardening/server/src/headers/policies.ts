/**
 * Security headers by kind of response. The admin panel needs inline styles
 * (styled-components injects them at run time) but no inline or remote script;
 * JSON and uploaded files need nothing at all, so they get `default-src 'none'`
 * (an uploaded SVG or HTML file opened directly can then run nothing).
 */
export type Profile = 'admin' | 'api' | 'site';

export interface HeaderOptions {
  production: boolean;
  hsts: boolean;
  connectOrigins: string[];
  mediaOrigins: string[];
  /** `strapi develop --watch-admin`: Vite serves the admin with an inline preamble and a websocket. */
  viteWatch: boolean;
}

export function profileFor(path: string, adminPath = '/admin'): Profile {
  if (path === adminPath || path.startsWith(`${adminPath}/`)) return 'admin';
  if (path.startsWith('/api/') || path === '/api' || path.startsWith('/uploads/')) return 'api';
  return 'site';
}

const serialize = (directives: Record<string, string[]>) =>
  Object.entries(directives)
    .map(([name, values]) => [name, ...values].join(' '))
    .join('; ');

export function contentSecurityPolicy(profile: Profile, o: HeaderOptions): string {
  if (profile === 'api') {
    return serialize({ 'default-src': ["'none'"], 'frame-ancestors': ["'none'"], 'base-uri': ["'none'"], 'form-action': ["'none'"], sandbox: [] });
  }
  const common = {
    'default-src': ["'self'"],
    'base-uri': ["'self'"],
    'object-src': ["'none'"],
    'frame-ancestors': ["'none'"],
    'form-action': ["'self'"],
    'font-src': ["'self'", 'data:'],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:', ...o.mediaOrigins],
    'media-src': ["'self'", 'data:', 'blob:', ...o.mediaOrigins],
    'manifest-src': ["'self'"],
  };
  if (profile === 'admin') {
    return serialize({
      ...common,
      'script-src': o.viteWatch ? ["'self'", "'unsafe-inline'"] : ["'self'"],
      'connect-src': o.viteWatch ? ["'self'", 'ws:', 'wss:'] : ["'self'"],
      'worker-src': ["'self'", 'blob:'],
      'frame-src': ["'self'"],
      ...(o.production ? { 'upgrade-insecure-requests': [] } : {}),
    });
  }
  // The public pages and the secure-forms widget: libsodium compiles WebAssembly, and the
  // widget fetches the signed intake key set from the portal.
  return serialize({
    ...common,
    'script-src': ["'self'", "'wasm-unsafe-eval'"],
    'connect-src': ["'self'", ...o.connectOrigins],
    'frame-src': ["'none'"],
    ...(o.production ? { 'upgrade-insecure-requests': [] } : {}),
  });
}

export const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'autoplay=()',
  'browsing-topics=()',
  'camera=()',
  'display-capture=()',
  'geolocation=()',
  'gyroscope=()',
  'magnetometer=()',
  'microphone=()',
  'payment=()',
  'usb=()',
].join(', ');

export function securityHeaders(path: string, o: HeaderOptions, adminPath = '/admin'): Record<string, string> {
  const profile = profileFor(path, adminPath);
  return {
    'Content-Security-Policy': contentSecurityPolicy(profile, o),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Permissions-Policy': PERMISSIONS_POLICY,
    'Cross-Origin-Opener-Policy': 'same-origin',
    ...(profile === 'admin' ? { 'Cross-Origin-Resource-Policy': 'same-origin' } : {}),
    ...(o.production && o.hsts ? { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}
