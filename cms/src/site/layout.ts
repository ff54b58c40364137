import { html, type SafeHtml } from './html';

export interface PageMeta {
  title: string;
  description?: string;
}

const nav = [
  { href: '/', label: 'Home' },
  { href: '/services', label: 'Services' },
  { href: '/providers', label: 'Our team' },
  { href: '/locations', label: 'Locations' },
  { href: '/faq', label: 'FAQ' },
  { href: '/forms/new-patient-intake', label: 'New patient form' },
];

/** The page shell: no inline script or style, so the strict CSP applies as is. */
export function layout(meta: PageMeta, body: SafeHtml, extraHead: SafeHtml = html``): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${meta.title} · Riverside Family Clinic</title>
        ${meta.description ? html`<meta name="description" content="${meta.description}" />` : ''}
        <link rel="stylesheet" href="/site.css" />
        ${extraHead}
      </head>
      <body>
        <a class="skip" href="#main">Skip to content</a>
        <header class="site-header">
          <a class="brand" href="/">Riverside Family Clinic</a>
          <nav aria-label="Main">
            <ul>
              ${nav.map((n) => html`<li><a href="${n.href}">${n.label}</a></li>`)}
            </ul>
          </nav>
        </header>
        <main id="main">${body}</main>
        <footer class="site-footer"><p>In an emergency call 911. This is a demonstration site of Palisade.</p></footer>
      </body>
    </html>`.value;
}
