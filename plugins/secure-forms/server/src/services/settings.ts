import { createPrivateKey, type KeyObject } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { loadCmsConfig } from '@palisade/config';
import { ed25519PublicKeyRaw, keySetFingerprint } from '@palisade/protocol';
import { parsePluginConfig, type SecureFormsConfig } from '../config/schema';
import { PLUGIN_ID } from '../plugin-id';

/**
 * The plugin's validated configuration, and the CMS's signing key read straight
 * from the environment: the private key never enters strapi.config, which the
 * admin and other plugins can read.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  let config: SecureFormsConfig | undefined;
  let key: KeyObject | undefined;
  const signingKey = (): KeyObject => {
    key ??= createPrivateKey(loadCmsConfig(process.env).signing.privateKeyPem);
    return key;
  };
  return {
    config(): SecureFormsConfig {
      config ??= parsePluginConfig(strapi.config.get(`plugin::${PLUGIN_ID}`));
      return config;
    },
    signingKey,
    /** sha256:… of the CMS's public signing key, for an operator to compare with what the portal trusts. */
    signingKeyFingerprint(): string {
      return keySetFingerprint(ed25519PublicKeyRaw(signingKey()));
    },
  };
};
