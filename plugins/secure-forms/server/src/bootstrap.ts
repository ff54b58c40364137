import type { Core } from '@strapi/strapi';
import { PLUGIN_ID } from './plugin-id';
import { pluginService } from './services/access';

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  await pluginService(strapi, 'outbox').ensureTables();
  const permission = strapi.admin?.services.permission;
  if (!permission) throw new Error('secure-forms: the admin permission service is missing');
  await permission.actionProvider.registerMany([
    { section: 'plugins', displayName: 'Read outbox status', uid: 'read', pluginName: PLUGIN_ID },
  ]);
  if (await pluginService(strapi, 'sweeper').start()) {
    strapi.log.info(`secure-forms: outbox sweep scheduled (${pluginService(strapi, 'settings').config().sweepCron})`);
  }
};
