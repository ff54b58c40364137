interface Configurations {
  configurations?: { notifications?: { releases?: boolean } };
}

/**
 * The "new Strapi release" notice calls api.github.com from the editor's
 * browser, which the admin CSP (`connect-src 'self'`) blocks and reports: the
 * admin makes no third-party calls, so the notice is off. (zod's blocked eval
 * probe, the other report, is switched off by assets/mfa/panel-preload.js,
 * which must run before any panel module.)
 */
export function keepAdminWithinCsp(app: Configurations): void {
  if (app.configurations?.notifications) app.configurations.notifications.releases = false;
}
