import { factories } from '@strapi/strapi';

// Public content is read-only over the content API; editors write through the admin.
export default factories.createCoreRouter('api::education-article.education-article', {
  only: ['find', 'findOne'],
  config: {
    find: { policies: ['global::published-only'] },
    findOne: { policies: ['global::published-only'] },
  },
});
