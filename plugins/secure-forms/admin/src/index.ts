import { Lock } from '@strapi/icons';
import { PLUGIN_ID, READ_ACTION } from './plugin-id';

interface AdminApp {
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
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}`,
      icon: Lock,
      intlLabel: { id: `${PLUGIN_ID}.menu`, defaultMessage: 'Secure forms' },
      // The link shows only to admins holding the plugin's own permission; its API checks the same one.
      permissions: [{ action: READ_ACTION, subject: null }],
      Component: () => import('./pages/StatusPage'),
    });
    app.registerPlugin({ id: PLUGIN_ID, name: PLUGIN_ID });
  },
};
