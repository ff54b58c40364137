import type { ContentReader, Location, Provider } from './content';
import { html, type SafeHtml } from './html';
import { layout } from './layout';
import { markdown } from './markdown';

export interface WidgetEmbed {
  src: string;
  cmsUrl: string;
  portalUrl: string;
  keysetPin: string;
}

const locationCard = (l: Location) =>
  html`<article class="card">
    <h3>${l.name}</h3>
    <address>${l.address.split('\n').map((line) => html`${line}<br />`)}</address>
    ${l.phone ? html`<p>Phone: <a href="tel:${l.phone.replace(/\s/g, '')}">${l.phone}</a></p>` : ''}
    ${l.openingHours ? html`<p class="hours">${l.openingHours.split('\n').map((line) => html`${line}<br />`)}</p>` : ''}
  </article>`;

const providerCard = (p: Provider) =>
  html`<article class="card">
    <h3><a href="/providers/${p.slug}">${p.name}</a></h3>
    ${p.credentials ? html`<p>${p.credentials}</p>` : ''}
    <p class="badge">${p.acceptingNewPatients ? 'Accepting new patients' : 'Not accepting new patients'}</p>
  </article>`;

export function sitePages(content: ContentReader, widget: WidgetEmbed) {
  return {
    async home(): Promise<string> {
      const [services, providers, articles] = await Promise.all([content.services(), content.providers(), content.articles()]);
      return layout(
        { title: 'Welcome', description: 'Family medicine in Springfield.' },
        html`<section class="hero">
            <h1>Care for the whole family</h1>
            <p>New patients are welcome. Tell us about yourself with our secure form: your answers are encrypted in your browser.</p>
            <p><a class="button" href="/forms/new-patient-intake">Start the new patient form</a></p>
          </section>
          <section>
            <h2>Services</h2>
            <div class="grid">
              ${services.map(
                (s) =>
                  html`<article class="card">
                    <h3><a href="/services/${s.slug}">${s.title}</a></h3>
                    <p>${s.summary ?? ''}</p>
                  </article>`,
              )}
            </div>
          </section>
          <section>
            <h2>Our team</h2>
            <div class="grid">${providers.map(providerCard)}</div>
          </section>
          <section>
            <h2>Patient education</h2>
            <ul>
              ${articles.map((a) => html`<li><a href="/education/${a.slug}">${a.title}</a></li>`)}
            </ul>
          </section>`,
      );
    },

    async services(): Promise<string> {
      const services = await content.services();
      return layout(
        { title: 'Services' },
        html`<h1>Services</h1>
          <div class="grid">
            ${services.map(
              (s) =>
                html`<article class="card">
                  <h2><a href="/services/${s.slug}">${s.title}</a></h2>
                  <p>${s.summary ?? ''}</p>
                </article>`,
            )}
          </div>`,
      );
    },

    async service(slug: string): Promise<string | undefined> {
      const s = await content.service(slug);
      if (!s) return undefined;
      return layout(
        { title: s.seoTitle ?? s.title, description: s.seoDescription ?? s.summary ?? undefined },
        html`<article>
            <h1>${s.title}</h1>
            ${s.summary ? html`<p class="lead">${s.summary}</p>` : ''}${markdown(s.body)}
          </article>
          ${s.providers?.length
            ? html`<section>
                <h2>Who you will see</h2>
                <div class="grid">${s.providers.map(providerCard)}</div>
              </section>`
            : ''}
          ${s.locations?.length
            ? html`<section>
                <h2>Where</h2>
                <div class="grid">${s.locations.map(locationCard)}</div>
              </section>`
            : ''}`,
      );
    },

    async providers(): Promise<string> {
      const providers = await content.providers();
      return layout(
        { title: 'Our team' },
        html`<h1>Our team</h1>
          <div class="grid">${providers.map(providerCard)}</div>`,
      );
    },

    async provider(slug: string): Promise<string | undefined> {
      const p = await content.provider(slug);
      if (!p) return undefined;
      return layout(
        { title: p.name, description: p.credentials ?? undefined },
        html`<article>
          <h1>${p.name}</h1>
          ${p.credentials ? html`<p class="lead">${p.credentials}</p>` : ''}
          <p class="badge">${p.acceptingNewPatients ? 'Accepting new patients' : 'Not accepting new patients'}</p>
          ${p.specialties?.length ? html`<p>Specialties: ${p.specialties.join(', ')}</p>` : ''} ${markdown(p.bio)}
          ${p.locations?.length
            ? html`<h2>Sees patients at</h2>
                <div class="grid">${p.locations.map(locationCard)}</div>`
            : ''}
        </article>`,
      );
    },

    async locations(): Promise<string> {
      const locations = await content.locations();
      return layout(
        { title: 'Locations' },
        html`<h1>Locations</h1>
          <div class="grid">${locations.map(locationCard)}</div>`,
      );
    },

    async article(slug: string): Promise<string | undefined> {
      const a = await content.article(slug);
      if (!a) return undefined;
      return layout(
        { title: a.title },
        html`<article>
          <h1>${a.title}</h1>
          ${markdown(a.body)}
          ${a.medicallyReviewedBy
            ? html`<p class="review">
                Medically reviewed by
                ${a.medicallyReviewedBy}${a.reviewDate ? html` on <time datetime="${a.reviewDate}">${a.reviewDate}</time>` : ''}.
              </p>`
            : ''}
        </article>`,
      );
    },

    async faq(): Promise<string> {
      const faqs = await content.faqs();
      return layout(
        { title: 'Frequently asked questions' },
        html`<h1>Frequently asked questions</h1>
          ${faqs.map(
            (f) =>
              html`<details>
                <summary>${f.question}</summary>
                ${markdown(f.answer)}
              </details>`,
          )}`,
      );
    },

    async form(slug: string): Promise<string | undefined> {
      const f = await content.form(slug);
      if (!f) return undefined;
      const embed: SafeHtml = html`<script
        src="${widget.src}"
        data-form="${f.slug}"
        data-cms="${widget.cmsUrl}"
        data-portal="${widget.portalUrl}"
        data-keyset-pin="${widget.keysetPin}"
        defer
      ></script>`;
      return layout(
        { title: f.title, description: f.description ?? undefined },
        html`<h1>${f.title}</h1>
          ${f.description ? html`<p class="lead">${f.description}</p>` : ''}
          <p class="privacy">
            Your answers are encrypted on this device before they are sent. This website cannot read them; only our clinical team can.
          </p>
          <div class="secure-form-slot">
            ${embed}<noscript>This form needs JavaScript to encrypt your answers. Please call us instead.</noscript>
          </div>`,
      );
    },
  };
}
