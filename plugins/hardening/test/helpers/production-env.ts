import { generateKeyPairSync, randomBytes } from 'node:crypto';

const secret = () => randomBytes(24).toString('base64url');

/** Everything a production start requires, freshly generated (never the development secrets). */
export function productionEnv(extra: Record<string, string> = {}): Record<string, string> {
  const { privateKey } = generateKeyPairSync('ed25519');
  return {
    NODE_ENV: 'production',
    CMS_APP_KEYS: [secret(), secret()].join(','),
    CMS_ADMIN_JWT_SECRET: secret(),
    CMS_API_TOKEN_SALT: secret(),
    CMS_TRANSFER_TOKEN_SALT: secret(),
    CMS_JWT_SECRET: secret(),
    CMS_ENCRYPTION_KEY: secret(),
    CMS_SIGNING_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    CMS_KEYSET_PIN: `sha256:${randomBytes(32).toString('base64url')}`,
    ...extra,
  };
}
