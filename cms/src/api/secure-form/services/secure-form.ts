import { factories } from '@strapi/strapi';

export default factories.createCoreService('api::secure-form.secure-form');
