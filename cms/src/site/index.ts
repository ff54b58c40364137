import type { Core } from '@strapi/strapi';
import type { CmsConfig } from '@palisade/config';
import { contentReader } from './content';
import { html } from './html';
import { layout } from './layout';
import { sitePages, type WidgetEmbed } from './pages';

/**
 * The demo public site, served by the CMS in development: it shows how a real
 * front end uses the headless CMS and embeds the secure-forms widget. It is
 * static-first (server-rendered HTML, one stylesheet, no inline script) and
 * holds no secret.
 */
export function registerSite(strapi: Core.Strapi, config: CmsConfig, widget: Omit<WidgetEmbed, 'cmsUrl' | 'portalUrl'>): void {
  const pages = sitePages(contentReader(strapi), { ...widget, cmsUrl: config.publicUrl, portalUrl: config.portal.publicUrl });
  const notFound = () =>
    layout(
      { title: 'Page not found' },
      html`<h1>Page not found</h1>
        <p><a href="/">Back to the home page</a></p>`,
    );

  const page =
    (render: (params: Record<string, string>) => Promise<string | undefined>): Core.MiddlewareHandler =>
    async (ctx) => {
      // koa-router adds `params`; Strapi's context type does not declare it.
      const body = await render((ctx as unknown as { params: Record<string, string> }).params);
      ctx.status = body === undefined ? 404 : 200;
      ctx.type = 'text/html; charset=utf-8';
      ctx.set('Cache-Control', 'public, max-age=60');
      ctx.body = body ?? notFound();
    };

  const routes: Array<[string, (params: Record<string, string>) => Promise<string | undefined>]> = [
    ['/', () => pages.home()],
    ['/services', () => pages.services()],
    ['/services/:slug', (p) => pages.service(p.slug ?? '')],
    ['/providers', () => pages.providers()],
    ['/providers/:slug', (p) => pages.provider(p.slug ?? '')],
    ['/locations', () => pages.locations()],
    ['/education/:slug', (p) => pages.article(p.slug ?? '')],
    ['/faq', () => pages.faq()],
    ['/forms/:slug', (p) => pages.form(p.slug ?? '')],
  ];
  strapi.server.routes(routes.map(([path, render]) => ({ method: 'GET', path, handler: page(render), config: { auth: false } })));
}
