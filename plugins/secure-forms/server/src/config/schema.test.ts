import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadCmsConfig } from '@palisade/config';
import config from './index';
import { parsePluginConfig } from './schema';

const valid = { ...config.default, keysetPin: `sha256:${'a'.repeat(43)}` };

describe('secure-forms configuration', () => {
  it('accepts the defaults with a pin, and "off" for the sweep', () => {
    expect(parsePluginConfig(valid).portalPublicUrl).toBe('http://patient.localhost:4000');
    expect(parsePluginConfig({ ...valid, sweepCron: 'off' }).sweepCron).toBe('off');
  });

  it('refuses to run without a key-set pin unless trust on first use is allowed (development)', () => {
    expect(() => parsePluginConfig({ ...valid, keysetPin: null })).toThrow(/keysetPin is required/);
    expect(parsePluginConfig({ ...valid, keysetPin: null, allowKeysetTofu: true }).keysetPin).toBeNull();
  });

  it('fetches the key set from the public portal URL unless told where the CMS itself reaches it', () => {
    expect(parsePluginConfig(valid).portalKeySetUrl).toBe('http://patient.localhost:4000/intake/keys');
    expect(parsePluginConfig({ ...valid, portalKeySetUrl: 'http://127.0.0.1:4000/intake/keys' }).portalKeySetUrl).toBe('http://127.0.0.1:4000/intake/keys');
    expect(() => parsePluginConfig({ ...valid, portalKeySetUrl: 'ftp://x' })).toThrow(/portalKeySetUrl/);
  });

  it('names the bad setting', () => {
    expect(() => parsePluginConfig({ ...valid, sweepCron: 'every now and then' })).toThrow(/sweepCron/);
    expect(() => parsePluginConfig({ ...valid, keysetPin: 'md5:abc' })).toThrow(/keysetPin/);
    expect(() => parsePluginConfig({ ...valid, portalIntakeUrl: 'file:///etc/passwd' })).toThrow(/portalIntakeUrl/);
    expect(() => parsePluginConfig({ ...valid, intakeMaxBytes: 0 })).toThrow(/intakeMaxBytes/);
  });

  it('makes the CMS refuse to start in production without CMS_KEYSET_PIN', () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-sf-config-'));
    const secrets = {
      CMS_ADMIN_JWT_SECRET: 'x'.repeat(32),
      CMS_API_TOKEN_SALT: 'x'.repeat(32),
      CMS_TRANSFER_TOKEN_SALT: 'x'.repeat(32),
      CMS_JWT_SECRET: 'x'.repeat(32),
      CMS_ENCRYPTION_KEY: 'x'.repeat(32),
      CMS_SIGNING_KEY: 'not read before the pin check',
      CMS_APP_KEYS: 'a,b',
    };
    expect(() => loadCmsConfig({ NODE_ENV: 'production', PALISADE_HOME: home, ...secrets })).toThrow(/CMS_KEYSET_PIN: is required in production/);
    fs.rmSync(home, { recursive: true, force: true });
  });
});
