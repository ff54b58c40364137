/**
 * What the CMS is allowed to hold. Every content type must be declared here as
 * public content; the hardening plugin's guard refuses any other, and any field
 * whose name looks like health or identity data, at boot (production refuses to
 * start) and when the content-type builder saves (see plugins/hardening/README.md).
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
  /**
   * Every field of a secure form carries one of these tags (the portal protects
   * answers by tag). A stored field without a tag of its own may get one here:
   * fieldTags: { '<form slug>': { '<field key>': 'contact' } }.
   */
  secureForms: {
    contentType: 'api::secure-form.secure-form',
    fieldsAttribute: 'fields',
    tagAttribute: 'sensitivity',
    tags: {
      contact: 'How to reach the visitor: name, email, phone.',
      identity: 'Who the visitor is: date of birth, insurance or national numbers.',
      clinical: 'Health information: symptoms, history, medication.',
    },
    fieldTags: {} as Record<string, Record<string, string>>,
  },
  // Each exception needs an owner, a reason and an expiry date (checked by the guard;
  // an expired one stops a production start until someone reviews it).
  exceptions: [
    {
      target: 'api::provider.provider.acceptingNewPatients',
      owner: 'web content lead',
      reason: "A yes/no flag about the clinician's availability, shown publicly; it holds no data about any patient.",
      expires: '2027-12-31',
    },
  ] as Array<{ target: string; owner: string; reason: string; expires: string }>,
};
