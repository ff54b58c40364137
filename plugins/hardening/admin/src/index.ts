import { Shield } from '@strapi/icons';
import { keepAdminWithinCsp } from './csp-compat';
import { installMfaRedirect } from './mfa-redirect';
import { PLUGIN_ID, READ_ACTION } from './plugin-id';

interface AdminApp {
  configurations?: { notifications?: { releases?: boolean } };
  registerPlugin(plugin: { id: string; name: string }): void;
  addMenuLink(link: {
    to: string;
    icon: unknown;
    intlLabel: { id: string; defaultMessage: string };
    permissions: Array<{ action: string; subject: null }>;
    Component: () => Promise<{ default: unknown }>;
  }): void;
}

export default {
  register(app: AdminApp) {
    // Runs when the panel loads, before the sign-in page: every later API call is covered.
    installMfaRedirect();
    keepAdminWithinCsp(app);
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}`,
      icon: Shield,
      intlLabel: { id: `${PLUGIN_ID}.menu`, defaultMessage: 'Security' },
      permissions: [{ action: READ_ACTION, subject: null }],
      Component: () => import('./pages/SecurityPage'),
    });
    app.registerPlugin({ id: PLUGIN_ID, name: PLUGIN_ID });
  },
};
