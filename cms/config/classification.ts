/**
 * What the CMS is allowed to hold. Every content type must be declared here as
 * public content; the hardening plugin's guard refuses any other (see its README).
 * `publicActions` are the only content-API actions the public role receives.
 */
export default {
  contentTypes: {
    'api::service-page.service-page': { classification: 'public', publicActions: ['find', 'findOne'] },
    'api::provider.provider': { classification: 'public', publicActions: ['find', 'findOne'] },
    'api::location.location': { classification: 'public', publicActions: ['find', 'findOne'] },
    'api::education-article.education-article': { classification: 'public', publicActions: ['find', 'findOne'] },
    'api::faq.faq': { classification: 'public', publicActions: ['find', 'findOne'] },
    // A form *definition*: labels and rules. Answers never reach the CMS.
    'api::secure-form.secure-form': { classification: 'public', publicActions: ['find', 'findOne'] },
  },
  // Each exception needs an owner, a reason and an expiry date (checked by the guard).
  exceptions: [] as Array<{ target: string; owner: string; reason: string; expires: string }>,
};
