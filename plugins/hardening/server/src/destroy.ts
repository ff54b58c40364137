import type { Core } from '@strapi/strapi';

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  await strapi.plugin('hardening').service('maintenance').stop();
  await strapi.plugin('hardening').service('rate-limiter').close();
  // Buffered API-token audit records are written before the database closes.
  await strapi.plugin('hardening').service('audit').close();
};
