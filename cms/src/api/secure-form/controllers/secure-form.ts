import { factories } from '@strapi/strapi';

export default factories.createCoreController('api::secure-form.secure-form');
