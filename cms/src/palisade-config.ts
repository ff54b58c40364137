import { loadCmsConfig, type CmsConfig } from '@palisade/config';

/**
 * Strapi evaluates every file in config/ separately; they all read the same
 * validated configuration through here. The start script validates it first and
 * exits with a clear message, so a ConfigError here only surfaces in tests.
 */
export function cmsConfig(): CmsConfig {
  return loadCmsConfig(process.env);
}
