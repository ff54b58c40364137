import type { Core } from '@strapi/strapi';
import { pluginConfig } from './utils/plugin-config';

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  const config = pluginConfig(strapi);
  await strapi.plugin('hardening').service('guard').checkAtBoot(config.production);
};
