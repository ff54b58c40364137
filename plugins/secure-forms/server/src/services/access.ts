import type { Core } from '@strapi/strapi';
import { PLUGIN_ID } from '../plugin-id';
import type { Services } from './index';

/** A typed handle on one of this plugin's services. */
export function pluginService<K extends keyof Services>(strapi: Core.Strapi, name: K): ReturnType<Services[K]> {
  return strapi.plugin(PLUGIN_ID).service(name) as ReturnType<Services[K]>;
}
