import { cmsConfig } from '../src/palisade-config';

export default () => {
  const c = cmsConfig();
  return [
    'strapi::logger',
    'strapi::errors',
    'strapi::security',
    {
      name: 'strapi::cors',
      config: { origin: c.corsOrigins, credentials: false, headers: ['Content-Type', 'Authorization', 'Accept'] },
    },
    'strapi::poweredBy',
    'strapi::query',
    'strapi::body',
    'strapi::session',
    'strapi::favicon',
    'strapi::public',
  ];
};
