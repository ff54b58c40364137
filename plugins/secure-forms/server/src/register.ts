import type { Core } from '@strapi/strapi';
import intakeSizeGuard from './middlewares/intake-size-guard';
import { PLUGIN_ID } from './plugin-id';
import { pluginService } from './services/access';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const prefix = strapi.config.get('api.rest.prefix', '/api') as string;
  const { intakeMaxBytes } = pluginService(strapi, 'settings').config();
  // Registered now, before the global middlewares, so it runs ahead of the body parser.
  strapi.server.use(intakeSizeGuard({ path: `${prefix}/${PLUGIN_ID}/submissions`, maxBytes: intakeMaxBytes }));
};
