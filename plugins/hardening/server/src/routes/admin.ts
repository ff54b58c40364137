const read = {
  policies: ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions: ['plugin::hardening.read'] } }],
};

/** The plugin's admin API (under /hardening): the audit trail, admin accounts, reports. */
export default {
  type: 'admin',
  routes: [
    { method: 'GET', path: '/audit', handler: 'audit.list', config: read },
    { method: 'GET', path: '/audit/export', handler: 'audit.export', config: read },
    { method: 'GET', path: '/audit/verify', handler: 'audit.verify', config: read },
    { method: 'GET', path: '/admins', handler: 'admins.list', config: read },
    { method: 'GET', path: '/reports/dormant', handler: 'reports.dormant', config: read },
    { method: 'GET', path: '/reports/classification', handler: 'reports.classification', config: read },
    {
      method: 'POST',
      path: '/admins/:id/mfa/reset',
      handler: 'admins.resetFactor',
      config: { policies: ['admin::isAuthenticatedAdmin', 'plugin::hardening.is-super-admin'] },
    },
  ],
};
