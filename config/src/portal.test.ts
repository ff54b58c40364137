import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadCmsConfig } from './cms';
import { loadPortalConfig } from './portal';

const tmpHome = () => fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-config-'));

describe('loadPortalConfig', () => {
  it('trusts the development CMS public key, and never reads the CMS private key', () => {
    const home = tmpHome();
    const cms = loadCmsConfig({ PALISADE_HOME: home });
    const portal = loadPortalConfig({ PALISADE_HOME: home });
    const expected = crypto.createPublicKey(cms.signing.privateKeyPem).export({ type: 'spki', format: 'pem' }).toString();
    expect(portal.cmsKeys).toEqual([{ keyId: cms.signing.keyId, publicKeyPem: expected }]);
    expect(JSON.stringify(portal)).not.toContain('PRIVATE KEY');
    expect(portal.database).toEqual({ kind: 'pglite', dataDir: path.join(home, 'data', 'portal-pglite') });
    expect(portal.session).toEqual({ idleSeconds: 900, absoluteSeconds: 28800 });
  });

  it('parses trusted CMS keys from the environment', () => {
    const { publicKey } = crypto.generateKeyPairSync('ed25519');
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const c = loadPortalConfig({ PALISADE_HOME: tmpHome(), PORTAL_CMS_KEYS: `cms-prod-2=${Buffer.from(pem).toString('base64')}` });
    expect(c.cmsKeys).toEqual([{ keyId: 'cms-prod-2', publicKeyPem: pem }]);
  });

  it('names bad values', () => {
    expect(() => loadPortalConfig({ PALISADE_HOME: tmpHome(), PORTAL_SESSION_IDLE_SECONDS: '-5' })).toThrow(
      /PORTAL_SESSION_IDLE_SECONDS: must be greater than 0/,
    );
    expect(() => loadPortalConfig({ PALISADE_HOME: tmpHome(), PORTAL_MASTER_KEY: 'c2hvcnQ=' })).toThrow(/PORTAL_MASTER_KEY: must be 32 bytes/);
    expect(() => loadPortalConfig({ PALISADE_HOME: tmpHome(), PORTAL_CMS_KEYS: 'nokey' })).toThrow(/PORTAL_CMS_KEYS/);
  });

  it('requires a real database and keys in production', () => {
    expect(() => loadPortalConfig({ NODE_ENV: 'production', PALISADE_HOME: tmpHome() })).toThrow(/DATABASE_URL: is required in production/);
  });
});
