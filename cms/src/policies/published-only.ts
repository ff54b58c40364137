import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';

/**
 * Strapi 5's content API serves drafts to anyone allowed to `find` when asked
 * with `?status=draft`. Public visitors must only ever see published content;
 * only an API token (a trusted front end's preview) may ask for drafts.
 */
type Context = Core.PolicyContext & { state?: { auth?: { strategy?: { name?: string } } } };

export default (policyContext: Context) => {
  const query = (policyContext.request as { query?: Record<string, unknown> }).query ?? {};
  const asksForDrafts =
    (query.status !== undefined && query.status !== 'published') ||
    (query.publicationState !== undefined && query.publicationState !== 'live');
  if (!asksForDrafts) return true;
  if (policyContext.state?.auth?.strategy?.name === 'api-token') return true;
  throw new errors.ValidationError('Only published content is available on the public API.');
};
