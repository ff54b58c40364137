import { cmsConfig } from '../src/palisade-config';

/**
 * Order matters: errors first (so every failure below gets a clean JSON body),
 * then the security headers and CORS, then the rate limit before any body is
 * parsed. strapi::security stays (Strapi requires it) but its CSP and HSTS are
 * off: the hardening plugin's security-headers middleware decides every
 * security header by kind of response (admin, JSON/uploads, public pages).
 */
export default () => {
  const c = cmsConfig();
  return [
    'strapi::logger',
    'strapi::errors',
    {
      name: 'strapi::security',
      config: { contentSecurityPolicy: false, hsts: false, frameguard: false, referrerPolicy: false, xssFilter: false },
    },
    'plugin::hardening.security-headers',
    // Adds one same-origin script to the admin panel's HTML shell so the panel runs without CSP reports.
    'plugin::hardening.admin-shell',
    {
      name: 'strapi::cors',
      config: {
        origin: c.corsOrigins,
        credentials: false,
        methods: ['GET', 'HEAD', 'POST', 'OPTIONS'],
        headers: ['Content-Type', 'Authorization', 'Accept'],
        keepHeadersOnError: true,
      },
    },
    'plugin::hardening.rate-limit',
    'strapi::query',
    'strapi::body',
    'strapi::session',
    'strapi::favicon',
    'strapi::public',
  ];
};
