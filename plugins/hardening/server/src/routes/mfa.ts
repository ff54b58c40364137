const session = { policies: ['admin::isAuthenticatedAdmin', 'plugin::hardening.is-admin-session'] };

/**
 * The second-factor step, under /admin so the admin panel's access-token
 * cookie (path /admin) reaches the page. These are the only admin routes a
 * password-only session may call (see mfa/gate.ts).
 */
export default {
  type: 'admin',
  prefix: '/admin/mfa',
  routes: [
    { method: 'GET', path: '/', handler: 'mfa.page', config: { auth: false } },
    { method: 'GET', path: '/script', handler: 'mfa.script', config: { auth: false } },
    { method: 'GET', path: '/style', handler: 'mfa.style', config: { auth: false } },
    { method: 'GET', path: '/panel-preload', handler: 'mfa.panelPreload', config: { auth: false } },
    { method: 'GET', path: '/status', handler: 'mfa.status', config: session },
    { method: 'POST', path: '/enroll', handler: 'mfa.enroll', config: session },
    { method: 'POST', path: '/enroll/confirm', handler: 'mfa.confirmEnrollment', config: session },
    { method: 'POST', path: '/verify', handler: 'mfa.verify', config: session },
  ],
};
