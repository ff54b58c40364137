import type { Core } from '@strapi/strapi';
import type { HardeningConfig } from '../config/types';

/** Read on use, not cached, so an operator's (or a test's) config change applies at once. */
export function pluginConfig(strapi: Core.Strapi): HardeningConfig {
  return strapi.config.get('plugin::hardening') as HardeningConfig;
}
