import type { Core } from '@strapi/strapi';

/**
 * Reads published content only, exactly what the public content API exposes,
 * so the demo site shows nothing a visitor could not fetch from /api.
 */
export interface Location {
  documentId: string;
  name: string;
  slug: string;
  address: string;
  phone?: string | null;
  openingHours?: string | null;
}
export interface Provider {
  documentId: string;
  name: string;
  slug: string;
  credentials?: string | null;
  specialties?: string[] | null;
  bio?: string | null;
  acceptingNewPatients?: boolean | null;
  locations?: Location[];
}
export interface ServicePage {
  documentId: string;
  title: string;
  slug: string;
  summary?: string | null;
  body?: string | null;
  seoTitle?: string | null;
  seoDescription?: string | null;
  providers?: Provider[];
  locations?: Location[];
}
export interface Article {
  documentId: string;
  title: string;
  slug: string;
  body?: string | null;
  medicallyReviewedBy?: string | null;
  reviewDate?: string | null;
}
export interface Faq {
  documentId: string;
  question: string;
  answer: string;
  category?: string | null;
}
export interface SecureForm {
  documentId: string;
  title: string;
  slug: string;
  description?: string | null;
}

type Uid =
  | 'api::service-page.service-page'
  | 'api::provider.provider'
  | 'api::location.location'
  | 'api::education-article.education-article'
  | 'api::faq.faq'
  | 'api::secure-form.secure-form';

export function contentReader(strapi: Core.Strapi) {
  const list = async <T>(uid: Uid, options: Record<string, unknown> = {}): Promise<T[]> =>
    (await strapi.documents(uid).findMany({ status: 'published', ...options } as never)) as unknown as T[];
  const bySlug = async <T>(uid: Uid, slug: string, populate: string[] = []): Promise<T | undefined> =>
    (await list<T>(uid, { filters: { slug }, populate, limit: 1 }))[0];

  return {
    services: () => list<ServicePage>('api::service-page.service-page', { sort: 'title:asc' }),
    service: (slug: string) => bySlug<ServicePage>('api::service-page.service-page', slug, ['providers', 'locations']),
    providers: () => list<Provider>('api::provider.provider', { sort: 'name:asc', populate: ['locations'] }),
    provider: (slug: string) => bySlug<Provider>('api::provider.provider', slug, ['locations']),
    locations: () => list<Location>('api::location.location', { sort: 'name:asc' }),
    articles: () => list<Article>('api::education-article.education-article', { sort: 'reviewDate:desc' }),
    article: (slug: string) => bySlug<Article>('api::education-article.education-article', slug),
    faqs: () => list<Faq>('api::faq.faq', { sort: ['category:asc', 'question:asc'] }),
    form: (slug: string) => bySlug<SecureForm>('api::secure-form.secure-form', slug),
  };
}

export type ContentReader = ReturnType<typeof contentReader>;
