import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { decodeBase64url, keySetFingerprint, type KeySetDocument } from '@palisade/protocol';
import { PendingError } from '../model';
import { createDatabase, type BenchDatabase } from './postgres';
import { freePort, startService, type Service } from './service';

const repo = path.resolve(__dirname, '..', '..', '..');
export const PORTAL_SERVER = path.join(repo, 'portal-service', 'dist', 'server.js');
export const BENCH_CMS_KEY_ID = 'cms-bench-1';

export interface BenchPortal {
  staffUrl: string;
  intakeUrl: string;
  service: Service;
  db: BenchDatabase;
  home: string;
  /** The environment it runs with (the CLI needs the same). */
  env: Record<string, string>;
  /** The CMS key the portal trusts (the bench signs intake calls with it). */
  cmsKey: { keyId: string; privateKey: KeyObject; privatePem: string };
  keySet(): Promise<{ doc: KeySetDocument; pin: string; kid: string; publicKey: Uint8Array }>;
}

/**
 * The real portal (its compiled server) on a fresh PostgreSQL database, in
 * development mode so its first run registers the demo clinic, form and staff
 * accounts (written to $PALISADE_HOME/dev-staff.json), with rate limits lifted.
 */
export async function startPortal(root: string, profileDir?: string): Promise<BenchPortal> {
  if (!fs.existsSync(PORTAL_SERVER)) throw new PendingError('the portal server (portal-service/dist/server.js) has not landed yet');
  const db = await createDatabase();
  try {
    const home = fs.mkdtempSync(path.join(root, 'portal-home-'));
    const [staffPort, intakePort] = [await freePort(), await freePort()];
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const staffUrl = `http://127.0.0.1:${staffPort}`;
    const env: Record<string, string> = {
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      PALISADE_HOME: home,
      DATABASE_URL: db.url,
      PORTAL_DB_ROLE_PASSWORD: randomBytes(18).toString('base64url'),
      PORTAL_MASTER_KEY: randomBytes(32).toString('base64'),
      PORTAL_CMS_KEYS: `${BENCH_CMS_KEY_ID}=${Buffer.from(publicPem).toString('base64')}`,
      PORTAL_HOST: '127.0.0.1',
      PORTAL_STAFF_PORT: String(staffPort),
      PORTAL_INTAKE_HOST: '127.0.0.1',
      PORTAL_INTAKE_PORT: String(intakePort),
      PORTAL_PUBLIC_URL: staffUrl,
      PORTAL_SITE_ORIGINS: 'http://127.0.0.1',
      PORTAL_RATE_LIMIT_MAX: '1000000000',
      PORTAL_COOKIE_SECURE: 'false',
    };
    const service = await startService({
      name: 'portal',
      script: PORTAL_SERVER,
      env,
      cwd: path.join(repo, 'portal-service'),
      health: `${staffUrl}/healthz`,
      logDir: root,
      profileDir,
    });
    const keySet = async () => {
      const res = await fetch(`${staffUrl}/intake/keys`);
      if (!res.ok) throw new Error(`GET /intake/keys answered ${res.status}`);
      const doc = (await res.json()) as KeySetDocument;
      const current = doc.payload.keys.find((k) => k.kid === doc.payload.current);
      if (!current) throw new Error('the key set names no current key');
      return { doc, pin: keySetFingerprint(doc.signingKey), kid: current.kid, publicKey: decodeBase64url(current.publicKey) };
    };
    return {
      staffUrl,
      intakeUrl: `http://127.0.0.1:${intakePort}/internal/intake`,
      service,
      db,
      home,
      env,
      cmsKey: { keyId: BENCH_CMS_KEY_ID, privateKey, privatePem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString() },
      keySet,
    };
  } catch (err) {
    await db.drop();
    throw err;
  }
}
