import type { Core } from '@strapi/strapi';
import { closePublicAccounts, enforcePublicPermissions } from './bootstrap/public-permissions';
import { seedDemoContent } from './seed/seed';
import { cmsConfig } from './palisade-config';
import { registerSite } from './site';
import { widgetEmbed } from './site/widget-embed';

export default {
  register({ strapi }: { strapi: Core.Strapi }) {
    const config = cmsConfig();
    registerSite(strapi, config, widgetEmbed(config));
  },

  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    await enforcePublicPermissions(strapi);
    await closePublicAccounts(strapi);
    if (cmsConfig().seedDemo) await seedDemoContent(strapi);
  },
};
