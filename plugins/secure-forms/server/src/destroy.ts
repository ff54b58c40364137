import type { Core } from '@strapi/strapi';
import { pluginService } from './services/access';

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  await pluginService(strapi, 'sweeper').stop();
};
