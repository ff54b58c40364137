import type { Core, UID } from '@strapi/strapi';
import { demoArticles, demoFaqs, demoLocations, demoProviders, demoSecureForm, demoServicePages } from './demo-content';

const slugify = (s: string) =>
  s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/**
 * Seeds the demo clinic into an empty database, published. It runs only when no
 * service page exists, so an editor's deletions are never undone by a restart.
 */
export async function seedDemoContent(strapi: Core.Strapi): Promise<void> {
  const existing = await strapi.documents('api::service-page.service-page').count({});
  if (existing > 0) return;

  const create = async (uid: UID.ContentType, data: Record<string, unknown>) =>
    (await strapi.documents(uid).create({ data: data as never, status: 'published' })).documentId;

  const locationIds: Record<string, string> = {};
  for (const { key, ...data } of demoLocations) {
    locationIds[key] = await create('api::location.location', { ...data, slug: slugify(data.name) });
  }
  const providerIds: Record<string, string> = {};
  for (const { key, locations, ...data } of demoProviders) {
    providerIds[key] = await create('api::provider.provider', {
      ...data,
      slug: slugify(data.name),
      locations: locations.map((l) => locationIds[l]),
    });
  }
  for (const { providers, locations, ...data } of demoServicePages) {
    await create('api::service-page.service-page', {
      ...data,
      slug: slugify(data.title),
      providers: providers.map((p) => providerIds[p]),
      locations: locations.map((l) => locationIds[l]),
    });
  }
  for (const article of demoArticles) {
    await create('api::education-article.education-article', { ...article, slug: slugify(article.title) });
  }
  for (const faq of demoFaqs) await create('api::faq.faq', faq);
  await create('api::secure-form.secure-form', demoSecureForm);

  strapi.log.info('Seeded the demo clinic content (CMS_SEED_DEMO).');
}
