import type { Core } from '@strapi/strapi';
import { enforceTokenRules, reportLegacyTokens } from './api-tokens/hooks';
import { enforcePasswordPolicy } from './password/hooks';
import { pluginConfig } from './utils/plugin-config';

const ACTIONS = [{ section: 'plugins', displayName: 'Read the audit trail and security reports', uid: 'read', pluginName: 'hardening' }];

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  const config = pluginConfig(strapi);
  await strapi.plugin('hardening').service('guard').checkAtBoot(config.production);
  await strapi.service('admin::permission').actionProvider.registerMany(ACTIONS);
  enforceTokenRules(strapi);
  enforcePasswordPolicy(strapi);
  await reportLegacyTokens(strapi);
  await strapi.plugin('hardening').service('dormant').rememberInstall(new Date());
  await strapi.plugin('hardening').service('maintenance').start();
};
