import type { Core } from '@strapi/strapi';
import { guardFormSaves, guardSchemaSaves } from './guard/hooks';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  guardSchemaSaves(strapi);
  guardFormSaves(strapi);
};
