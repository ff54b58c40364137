import type { Core } from '@strapi/strapi';
import intakeOnly from './middlewares/intake-only';
import intakeSizeGuard from './middlewares/intake-size-guard';
import jsonOnly from './middlewares/json-only';
import { PLUGIN_ID } from './plugin-id';
import { pluginService } from './services/access';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const prefix = strapi.config.get('api.rest.prefix', '/api') as string;
  const { intakeMaxBytes } = pluginService(strapi, 'settings').config();
  const intakePath = `${prefix}/${PLUGIN_ID}/submissions`;
  // Registered now, before the global middlewares, so they run ahead of the body
  // parser: a multipart or oversized body is refused before a byte of it is parsed.
  strapi.server.use(intakeOnly(intakePath, jsonOnly()));
  strapi.server.use(intakeSizeGuard({ path: intakePath, maxBytes: intakeMaxBytes }));
};
