import { READ_ACTION } from '../plugin-id';

/** Admin API, under /secure-forms: behind the plugin's own permission. */
export default {
  type: 'admin',
  routes: [
    {
      method: 'GET',
      path: '/status',
      handler: 'status.read',
      config: { policies: [{ name: 'admin::hasPermissions', config: { actions: [READ_ACTION] } }] },
    },
  ],
};
