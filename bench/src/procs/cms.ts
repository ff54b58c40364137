import { generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { makeCmsApp, type CmsVariant } from './cms-app';
import { freePort, startService, type Service } from './service';

export interface BenchCms {
  url: string;
  service: Service;
  /** API token allowed to create bench entries (only with `benchType`). */
  token?: string;
  /** Its SQLite file (the bench reads the outbox and shred log from it). */
  dbFile: string;
}

export interface CmsStart {
  root: string;
  variant: CmsVariant;
  /** Where the CMS fetches the key set and forwards to. */
  portalPublicUrl: string;
  portalIntakeUrl: string;
  keysetPin: string;
  profileDir?: string;
  /** The signing key the portal trusts; a throw-away one otherwise. */
  signing?: { keyId: string; privatePem: string };
  extraEnv?: Record<string, string>;
}

const secret = () => randomBytes(24).toString('base64url');

/**
 * Boots one bench CMS in production mode (as deployed), with generated secrets,
 * its own SQLite file, the demo content seeded, the sweep off (rows measure the
 * request path) and rate limits lifted so the limiter's code runs but never refuses.
 */
export async function startCms(opts: CmsStart): Promise<BenchCms> {
  const appDir = makeCmsApp(opts.variant, opts.root);
  const port = await freePort();
  const signingPem = opts.signing?.privatePem ?? generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const tokenFile = opts.variant.benchType ? path.join(appDir, 'bench-token') : undefined;
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    PALISADE_HOME: path.join(appDir, 'home'),
    LOG_LEVEL: 'warn',
    BENCH_APP_DIR: appDir,
    CMS_HOST: '127.0.0.1',
    CMS_PORT: String(port),
    CMS_PUBLIC_URL: `http://127.0.0.1:${port}`,
    CMS_DATABASE_FILENAME: path.join(appDir, 'cms.db'),
    CMS_APP_KEYS: `${secret()},${secret()}`,
    CMS_ADMIN_JWT_SECRET: secret(),
    CMS_API_TOKEN_SALT: secret(),
    CMS_TRANSFER_TOKEN_SALT: secret(),
    CMS_JWT_SECRET: secret(),
    CMS_ENCRYPTION_KEY: secret(),
    CMS_SIGNING_KEY: Buffer.from(signingPem).toString('base64'),
    ...(opts.signing ? { CMS_SIGNING_KEY_ID: opts.signing.keyId } : {}),
    CMS_KEYSET_PIN: opts.keysetPin,
    CMS_KEYSET_CACHE_SECONDS: '86400',
    CMS_PORTAL_PUBLIC_URL: opts.portalPublicUrl,
    CMS_PORTAL_INTAKE_URL: opts.portalIntakeUrl,
    CMS_SEED_DEMO: 'true',
    CMS_OUTBOX_SWEEP_CRON: 'off',
    CMS_DORMANT_SWEEP_CRON: 'off',
    CMS_RATE_LIMIT_PUBLIC_PER_MINUTE: '1000000000',
    CMS_RATE_LIMIT_INTAKE_PER_MINUTE: '1000000000',
    CMS_HSTS: 'false',
    ...(tokenFile ? { BENCH_TOKEN_FILE: tokenFile } : {}),
    ...opts.extraEnv,
  };
  fs.mkdirSync(env.PALISADE_HOME as string, { recursive: true });
  const service = await startService({
    name: `cms-${opts.variant.name}`,
    script: path.join(__dirname, '..', 'servers', 'cms-serve.js'),
    env,
    cwd: appDir,
    health: `http://127.0.0.1:${port}/_health`,
    logDir: opts.root,
    profileDir: opts.profileDir,
  });
  let token: string | undefined;
  if (tokenFile) {
    // The token is written right after start() resolves, a moment after /_health answers.
    const deadline = Date.now() + 30_000;
    while (!fs.existsSync(tokenFile) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (!fs.existsSync(tokenFile)) {
      await service.stop();
      throw new Error(`cms-${opts.variant.name}: no API token was minted:\n${fs.readFileSync(service.log, 'utf8').slice(-2000)}`);
    }
    token = fs.readFileSync(tokenFile, 'utf8');
  }
  return { url: `http://127.0.0.1:${port}`, service, token, dbFile: env.CMS_DATABASE_FILENAME as string };
}
