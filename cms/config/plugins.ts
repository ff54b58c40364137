import { cmsConfig } from '../src/palisade-config';
import { hardeningConfig } from '../src/plugin-config/hardening';
import { secureFormsConfig } from '../src/plugin-config/secure-forms';

export default () => {
  const c = cmsConfig();
  return {
    'users-permissions': {
      config: {
        jwtSecret: c.secrets.jwtSecret,
        // The CMS has no patient accounts: nobody registers, nobody signs in with a provider.
        register: { allowedFields: [] },
      },
    },
    upload: c.s3
      ? {
          config: {
            provider: 'aws-s3',
            providerOptions: {
              s3Options: {
                ...(c.s3.endpoint ? { endpoint: c.s3.endpoint } : {}),
                region: c.s3.region,
                forcePathStyle: c.s3.forcePathStyle,
                ...(c.s3.accessKeyId && c.s3.secretAccessKey
                  ? { credentials: { accessKeyId: c.s3.accessKeyId, secretAccessKey: c.s3.secretAccessKey } }
                  : {}),
                params: { Bucket: c.s3.bucket },
              },
            },
          },
        }
      : { config: { sizeLimit: 10 * 1024 * 1024 } },
    'secure-forms': { enabled: true, config: secureFormsConfig(c) },
    hardening: { enabled: true, config: hardeningConfig(c) },
  };
};
