import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadCmsConfig } from './cms';
import { writeDevKeySetPin } from './dev-secrets';
import { ConfigError } from './errors';

const tmpHome = () => fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-config-'));

describe('loadCmsConfig', () => {
  it('runs on defaults in development and generates secrets once', () => {
    const home = tmpHome();
    const first = loadCmsConfig({ PALISADE_HOME: home });
    const second = loadCmsConfig({ PALISADE_HOME: home });
    expect(first.port).toBe(1337);
    expect(first.database).toEqual({ client: 'sqlite', filename: path.join(home, 'data', 'cms.db') });
    expect(first.secrets.appKeys).toHaveLength(4);
    expect(second.secrets).toEqual(first.secrets);
    expect(second.signing.privateKeyPem).toBe(first.signing.privateKeyPem);
    expect(first.signing.privateKeyPem).toContain('BEGIN PRIVATE KEY');
    expect(fs.statSync(path.join(home, 'secrets', 'cms.json')).mode & 0o077).toBe(0);
  });

  it('names the variable and the problem for a bad value', () => {
    expect(() => loadCmsConfig({ PALISADE_HOME: tmpHome(), CMS_PORT: 'eighty' })).toThrow(/CMS_PORT: must be a port number.*"eighty"/);
    expect(() => loadCmsConfig({ PALISADE_HOME: tmpHome(), CMS_PORT: '70000' })).toThrow(/CMS_PORT: must be a port number between 1 and 65535/);
    expect(() => loadCmsConfig({ PALISADE_HOME: tmpHome(), CMS_DATABASE_URL: 'mysql://x' })).toThrow(/CMS_DATABASE_URL: must be a postgres:\/\/ connection URL/);
  });

  it('reports every bad variable at once', () => {
    try {
      loadCmsConfig({ PALISADE_HOME: tmpHome(), CMS_PORT: 'x', CMS_PUBLIC_URL: 'not a url', CMS_SEED_DEMO: 'maybe' });
      throw new Error('expected a ConfigError');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).issues.map((i) => i.variable)).toEqual(['CMS_PORT', 'CMS_PUBLIC_URL', 'CMS_SEED_DEMO']);
    }
  });

  it('never repeats a secret value in an error', () => {
    const secret = 'hunter2-but-short';
    expect(() => loadCmsConfig({ PALISADE_HOME: tmpHome(), CMS_ADMIN_JWT_SECRET: 'tiny', CMS_DATABASE_URL: `mysql://u:${secret}@h/db` })).toThrow(
      ConfigError,
    );
    try {
      loadCmsConfig({ PALISADE_HOME: tmpHome(), CMS_ADMIN_JWT_SECRET: 'tiny', CMS_DATABASE_URL: `mysql://u:${secret}@h/db` });
    } catch (err) {
      expect((err as Error).message).not.toContain(secret);
      expect((err as Error).message).not.toContain('"tiny"');
    }
  });

  it('refuses generated secrets in production', () => {
    const home = tmpHome();
    expect(() => loadCmsConfig({ NODE_ENV: 'production', PALISADE_HOME: home })).toThrow(/CMS_ADMIN_JWT_SECRET: is required in production/);
    expect(fs.existsSync(path.join(home, 'secrets'))).toBe(false);
  });

  it('uses PostgreSQL and S3 only when configured', () => {
    const c = loadCmsConfig({
      PALISADE_HOME: tmpHome(),
      CMS_DATABASE_URL: 'postgres://cms@127.0.0.1:5432/cms',
      CMS_S3_BUCKET: 'media',
      CMS_S3_ENDPOINT: 'http://127.0.0.1:9000',
      CMS_S3_FORCE_PATH_STYLE: 'true',
    });
    expect(c.database).toEqual({ client: 'postgres', url: 'postgres://cms@127.0.0.1:5432/cms' });
    expect(c.s3).toMatchObject({ bucket: 'media', endpoint: 'http://127.0.0.1:9000', forcePathStyle: true, region: 'us-east-1' });
  });

  it('pins the key set the development portal published, and fetches it over loopback', () => {
    const home = tmpHome();
    expect(loadCmsConfig({ PALISADE_HOME: home }).keysetPin).toBeUndefined();
    const pin = `sha256:${'A'.repeat(43)}`;
    writeDevKeySetPin(home, pin);
    const c = loadCmsConfig({ PALISADE_HOME: home });
    expect(c.keysetPin).toBe(pin);
    expect(c.portal.keySetUrl).toBe('http://127.0.0.1:4000/intake/keys');
    expect(loadCmsConfig({ PALISADE_HOME: home, CMS_PORTAL_PUBLIC_URL: 'https://patient.example.org' }).portal.keySetUrl).toBe(
      'https://patient.example.org/intake/keys',
    );
    // Production never reads the development file.
    expect(() => loadCmsConfig({ PALISADE_HOME: home, NODE_ENV: 'production' })).toThrow(/CMS_KEYSET_PIN: is required in production/);
  });
});
