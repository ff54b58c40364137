import type { Core } from '@strapi/strapi';
import { closePublicAccounts, enforcePublicPermissions } from './bootstrap/public-permissions';
import { seedDemoContent } from './seed/seed';
import { cmsConfig } from './palisade-config';

export default {
  register() {},

  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    await enforcePublicPermissions(strapi);
    await closePublicAccounts(strapi);
    if (cmsConfig().seedDemo) await seedDemoContent(strapi);
  },
};
