import path from 'node:path';
import { z } from 'zod';
import { common } from './common';
import { bool, csv, dbUrl, port, positiveInt, readAll, url, variable, type Env } from './define';
import { cmsDevSecrets, cmsDevSigningKey, DEV_CMS_KEY_ID, readDevKeySetPin } from './dev-secrets';
import { ConfigError } from './errors';

const secretList = (name: string, doc: string) =>
  variable({ name, owner: 'cms', doc, secret: true, defaultText: 'generated in development', schema: csv() });
const secret = (name: string, doc: string) =>
  variable({
    name,
    owner: 'cms',
    doc,
    secret: true,
    defaultText: 'generated in development',
    schema: z.string().min(16, { message: 'must be at least 16 characters' }).optional(),
  });

export const cmsVariables = {
  host: variable({ name: 'CMS_HOST', owner: 'cms', doc: 'Address the CMS binds to.', defaultText: '127.0.0.1', schema: z.string().default('127.0.0.1') }),
  port: variable({ name: 'CMS_PORT', owner: 'cms', doc: 'Port of the CMS (admin, content API, demo site).', defaultText: '1337', schema: port(1337) }),
  publicUrl: variable({
    name: 'CMS_PUBLIC_URL',
    owner: 'cms',
    doc: 'Public origin of the CMS and the demo site.',
    defaultText: 'http://www.localhost:1337',
    schema: url().default('http://www.localhost:1337'),
  }),
  databaseUrl: variable({
    name: 'CMS_DATABASE_URL',
    owner: 'cms',
    doc: "PostgreSQL URL of the CMS's own database (never the portal's). Unset: embedded SQLite.",
    secret: true,
    schema: dbUrl().optional(),
  }),
  databaseFile: variable({
    name: 'CMS_DATABASE_FILENAME',
    owner: 'cms',
    doc: 'SQLite file used when CMS_DATABASE_URL is unset.',
    defaultText: '$PALISADE_HOME/data/cms.db',
    schema: z.string().optional(),
  }),
  appKeys: secretList('CMS_APP_KEYS', 'Comma-separated session keys of the Strapi server.'),
  adminJwtSecret: secret('CMS_ADMIN_JWT_SECRET', 'Secret that signs Strapi admin tokens.'),
  apiTokenSalt: secret('CMS_API_TOKEN_SALT', 'Salt for Strapi API token hashes.'),
  transferTokenSalt: secret('CMS_TRANSFER_TOKEN_SALT', 'Salt for Strapi transfer token hashes.'),
  jwtSecret: secret('CMS_JWT_SECRET', 'Secret of the users-permissions plugin.'),
  encryptionKey: secret('CMS_ENCRYPTION_KEY', 'Key Strapi uses to encrypt stored API tokens.'),
  corsOrigins: variable({
    name: 'CMS_CORS_ORIGINS',
    owner: 'cms',
    doc: 'Comma-separated origins allowed by CORS.',
    defaultText: 'CMS_PUBLIC_URL',
    schema: csv(),
  }),
  seedDemo: variable({
    name: 'CMS_SEED_DEMO',
    owner: 'cms',
    doc: 'Seed demo content into an empty database on start.',
    defaultText: 'true outside production',
    schema: bool(true),
  }),
  s3Bucket: variable({ name: 'CMS_S3_BUCKET', owner: 'cms', doc: 'Media go to this S3 bucket when set; local uploads otherwise.', schema: z.string().optional() }),
  s3Endpoint: variable({ name: 'CMS_S3_ENDPOINT', owner: 'cms', doc: 'S3 endpoint URL (for S3-compatible stores).', schema: url().optional() }),
  s3Region: variable({ name: 'CMS_S3_REGION', owner: 'cms', doc: 'S3 region.', defaultText: 'us-east-1', schema: z.string().default('us-east-1') }),
  s3AccessKeyId: variable({ name: 'CMS_S3_ACCESS_KEY_ID', owner: 'cms', doc: 'S3 access key id.', secret: true, schema: z.string().optional() }),
  s3SecretAccessKey: variable({ name: 'CMS_S3_SECRET_ACCESS_KEY', owner: 'cms', doc: 'S3 secret access key.', secret: true, schema: z.string().optional() }),
  s3ForcePathStyle: variable({ name: 'CMS_S3_FORCE_PATH_STYLE', owner: 'cms', doc: 'Use path-style S3 URLs (most S3-compatible servers need it).', defaultText: 'false', schema: bool(false) }),
  redisUrl: variable({ name: 'CMS_REDIS_URL', owner: 'cms', doc: 'Redis for shared rate limits across CMS instances. Unset: in memory.', secret: true, schema: z.string().regex(/^rediss?:\/\//, { message: 'must be a redis:// URL' }).optional() }),
  adminPasswordMinLength: variable({
    name: 'CMS_ADMIN_PASSWORD_MIN_LENGTH',
    owner: 'cms',
    doc: 'Shortest accepted Strapi admin password, in characters (length and a common-password list are the only rules).',
    defaultText: '12',
    schema: z.coerce.number({ message: 'must be a number' }).int({ message: 'must be a whole number' }).min(8, { message: 'must be at least 8' }).max(64, { message: 'must be at most 64' }).default(12),
  }),
  adminLockoutThreshold: variable({
    name: 'CMS_ADMIN_LOCKOUT_THRESHOLD',
    owner: 'cms',
    doc: 'Consecutive failed admin sign-in steps (password or second factor) that lock the account.',
    defaultText: '10',
    schema: positiveInt(10),
  }),
  adminLockoutMinutes: variable({
    name: 'CMS_ADMIN_LOCKOUT_MINUTES',
    owner: 'cms',
    doc: 'Length of the first admin account lock; each further lock doubles it (at most 24 hours).',
    defaultText: '15',
    schema: positiveInt(15),
  }),
  dormantDays: variable({
    name: 'CMS_DORMANT_DAYS',
    owner: 'cms',
    doc: 'Admin accounts with no sign-in and API tokens unused for this many days are deactivated.',
    defaultText: '90',
    schema: positiveInt(90),
  }),
  dormantSweepCron: variable({
    name: 'CMS_DORMANT_SWEEP_CRON',
    owner: 'cms',
    doc: 'node-cron schedule of the dormant-account sweep and the audit retention purge; "off" disables it.',
    defaultText: '0 15 3 * * *',
    schema: z.string().default('0 15 3 * * *'),
  }),
  rateLimitPublic: variable({
    name: 'CMS_RATE_LIMIT_PUBLIC_PER_MINUTE',
    owner: 'cms',
    doc: 'Requests per minute one IP may make to the public content API.',
    defaultText: '300',
    schema: positiveInt(300),
  }),
  rateLimitIntake: variable({
    name: 'CMS_RATE_LIMIT_INTAKE_PER_MINUTE',
    owner: 'cms',
    doc: 'Secure-form submissions per minute one IP may post.',
    defaultText: '10',
    schema: positiveInt(10),
  }),
  rateLimitAdminLogin: variable({
    name: 'CMS_RATE_LIMIT_ADMIN_LOGIN_PER_MINUTE',
    owner: 'cms',
    doc: 'Admin sign-in, second-factor and password-reset attempts per minute one IP may make.',
    defaultText: '10',
    schema: positiveInt(10),
  }),
  auditRetentionDays: variable({
    name: 'CMS_AUDIT_RETENTION_DAYS',
    owner: 'cms',
    doc: 'Days the admin audit trail is kept before the oldest records are purged.',
    defaultText: '365',
    schema: positiveInt(365),
  }),
  hsts: variable({
    name: 'CMS_HSTS',
    owner: 'cms',
    doc: 'Send Strict-Transport-Security in production (one year, subdomains). Set false only when a proxy in front sends it.',
    defaultText: 'true',
    schema: bool(true),
  }),
  portalIntakeUrl: variable({
    name: 'CMS_PORTAL_INTAKE_URL',
    owner: 'cms',
    doc: "The portal's internal intake endpoint the CMS forwards ciphertext to.",
    defaultText: 'http://127.0.0.1:4001/internal/intake',
    schema: url().default('http://127.0.0.1:4001/internal/intake'),
  }),
  portalKeySetUrl: variable({
    name: 'CMS_PORTAL_KEYSET_URL',
    owner: 'cms',
    doc: "Where the CMS itself fetches the portal's signed key set (server to server).",
    defaultText: 'CMS_PORTAL_PUBLIC_URL + /intake/keys, with *.localhost as 127.0.0.1',
    schema: url().optional(),
  }),
  portalPublicUrl: variable({
    name: 'CMS_PORTAL_PUBLIC_URL',
    owner: 'cms',
    doc: 'Public origin of the portal; the widget fetches the intake key set from there.',
    defaultText: 'http://patient.localhost:4000',
    schema: url().default('http://patient.localhost:4000'),
  }),
  signingKey: variable({
    name: 'CMS_SIGNING_KEY',
    owner: 'cms',
    doc: "Ed25519 private key (PKCS#8 PEM, or its base64) that signs intake calls: the CMS's only portal credential.",
    secret: true,
    defaultText: 'generated in development',
    schema: z.string().optional(),
  }),
  signingKeyId: variable({
    name: 'CMS_SIGNING_KEY_ID',
    owner: 'cms',
    doc: 'The keyid the portal knows the signing key by.',
    defaultText: DEV_CMS_KEY_ID,
    schema: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, { message: 'must be 1-64 letters, digits, dot, dash or underscore' }).default(DEV_CMS_KEY_ID),
  }),
  intakeMaxBytes: variable({ name: 'CMS_INTAKE_MAX_BYTES', owner: 'cms', doc: 'Largest accepted secure-form envelope, in bytes.', defaultText: '65536', schema: positiveInt(65536) }),
  outboxSweepCron: variable({
    name: 'CMS_OUTBOX_SWEEP_CRON',
    owner: 'cms',
    doc: 'node-cron schedule of the outbox retry-and-purge sweep; "off" disables it.',
    defaultText: '*/30 * * * * *',
    schema: z.string().default('*/30 * * * * *'),
  }),
  keysetPin: variable({
    name: 'CMS_KEYSET_PIN',
    owner: 'cms',
    doc: "Fingerprint (sha256:…) of the portal's key-set signing key; the CMS and the widget trust only a key set signed by it. Required in production; in development the pin the portal publishes in $PALISADE_HOME/keys/keyset-pin is used, else the first key set seen is trusted, with a warning.",
    schema: z.string().regex(/^sha256:[A-Za-z0-9_-]{43}$/, { message: 'must be sha256: followed by 43 base64url characters' }).optional(),
  }),
  keysetCacheSeconds: variable({ name: 'CMS_KEYSET_CACHE_SECONDS', owner: 'cms', doc: "How long the CMS reuses the portal's verified intake key set before fetching it again.", defaultText: '60', schema: positiveInt(60) }),
  portalTimeoutMs: variable({ name: 'CMS_PORTAL_TIMEOUT_MS', owner: 'cms', doc: 'Time limit of one call from the CMS to the portal (forward or key set), in milliseconds.', defaultText: '5000', schema: positiveInt(5000) }),
  outboxAlertSeconds: variable({
    name: 'CMS_OUTBOX_ALERT_SECONDS',
    owner: 'cms',
    doc: 'An outbox row still undelivered after this many seconds is reported (log warning, admin page) and kept.',
    defaultText: '900',
    schema: positiveInt(900),
  }),
  shredRetentionDays: variable({
    name: 'CMS_SHRED_RETENTION_DAYS',
    owner: 'cms',
    doc: "Days a shred record (envelope id, digest and receipt time; no content) is kept after delivery, for the admin page and to answer retries locally; then the sweep deletes it. A retry after that is answered by the portal's stored receipt.",
    defaultText: '30',
    schema: positiveInt(30),
  }),
};

export interface CmsConfig {
  nodeEnv: 'development' | 'test' | 'production';
  home: string;
  logLevel: string;
  host: string;
  port: number;
  publicUrl: string;
  database: { client: 'postgres'; url: string } | { client: 'sqlite'; filename: string };
  secrets: { appKeys: string[]; adminJwtSecret: string; apiTokenSalt: string; transferTokenSalt: string; jwtSecret: string; encryptionKey: string };
  corsOrigins: string[];
  seedDemo: boolean;
  s3?: { bucket: string; endpoint?: string; region: string; accessKeyId?: string; secretAccessKey?: string; forcePathStyle: boolean };
  redisUrl?: string;
  hardening: {
    adminPasswordMinLength: number;
    adminLockoutThreshold: number;
    adminLockoutMinutes: number;
    dormantDays: number;
    dormantSweepCron: string;
    rateLimits: { publicPerMinute: number; intakePerMinute: number; adminLoginPerMinute: number };
    auditRetentionDays: number;
    hsts: boolean;
  };
  portal: { intakeUrl: string; publicUrl: string; keySetUrl: string };
  signing: { keyId: string; privateKeyPem: string };
  intakeMaxBytes: number;
  outboxSweepCron: string;
  /** secure-forms: trust in the portal's key set, call limits and the outbox alert age. */
  keysetPin?: string;
  keysetCacheSeconds: number;
  portalTimeoutMs: number;
  outboxAlertSeconds: number;
  shredRetentionDays: number;
}

/**
 * Browsers resolve every *.localhost name to loopback (RFC 6761), but the
 * system resolver Node uses often does not; a server-side call to a development
 * host like patient.localhost goes to 127.0.0.1 instead.
 */
function serverSideUrl(raw: string): string {
  const u = new URL(raw);
  if (u.hostname.endsWith('.localhost')) u.hostname = '127.0.0.1';
  return u.href;
}

function pem(value: string): string {
  return value.includes('-----BEGIN') ? value : Buffer.from(value, 'base64').toString('utf8');
}

/** Reads and validates the CMS's configuration; throws ConfigError naming every bad variable. */
export function loadCmsConfig(env: Env = process.env): CmsConfig {
  const base = readAll(common, env);
  const v = readAll(cmsVariables, env);
  const production = base.nodeEnv === 'production';

  const missing = (['adminJwtSecret', 'apiTokenSalt', 'transferTokenSalt', 'jwtSecret', 'encryptionKey', 'signingKey', 'appKeys'] as const).filter(
    (k) => v[k] === undefined,
  );
  if (production) {
    const required = missing.map((k) => cmsVariables[k].name);
    // Without a pin the CMS would accept any key set, so anyone able to answer for the portal could pick the kids.
    if (v.keysetPin === undefined) required.push(cmsVariables.keysetPin.name);
    if (required.length > 0) throw new ConfigError(required.map((variable) => ({ variable, problem: 'is required in production' })));
  }
  const dev = missing.length > 0 ? cmsDevSecrets(base.home) : undefined;
  const pick = <T>(value: T | undefined, fallback: () => T): T => (value !== undefined ? value : fallback());

  return {
    nodeEnv: base.nodeEnv,
    home: base.home,
    logLevel: base.logLevel,
    host: v.host,
    port: v.port,
    publicUrl: v.publicUrl,
    database: v.databaseUrl
      ? { client: 'postgres', url: v.databaseUrl }
      : { client: 'sqlite', filename: v.databaseFile ?? path.join(base.home, 'data', 'cms.db') },
    secrets: {
      appKeys: pick(v.appKeys, () => dev!.appKeys),
      adminJwtSecret: pick(v.adminJwtSecret, () => dev!.adminJwtSecret),
      apiTokenSalt: pick(v.apiTokenSalt, () => dev!.apiTokenSalt),
      transferTokenSalt: pick(v.transferTokenSalt, () => dev!.transferTokenSalt),
      jwtSecret: pick(v.jwtSecret, () => dev!.jwtSecret),
      encryptionKey: pick(v.encryptionKey, () => dev!.encryptionKey),
    },
    corsOrigins: v.corsOrigins ?? [v.publicUrl],
    seedDemo: production ? env.CMS_SEED_DEMO === 'true' : v.seedDemo,
    s3: v.s3Bucket
      ? {
          bucket: v.s3Bucket,
          endpoint: v.s3Endpoint,
          region: v.s3Region,
          accessKeyId: v.s3AccessKeyId,
          secretAccessKey: v.s3SecretAccessKey,
          forcePathStyle: v.s3ForcePathStyle,
        }
      : undefined,
    redisUrl: v.redisUrl,
    hardening: {
      adminPasswordMinLength: v.adminPasswordMinLength,
      adminLockoutThreshold: v.adminLockoutThreshold,
      adminLockoutMinutes: v.adminLockoutMinutes,
      dormantDays: v.dormantDays,
      dormantSweepCron: v.dormantSweepCron,
      rateLimits: { publicPerMinute: v.rateLimitPublic, intakePerMinute: v.rateLimitIntake, adminLoginPerMinute: v.rateLimitAdminLogin },
      auditRetentionDays: v.auditRetentionDays,
      hsts: v.hsts,
    },
    portal: { intakeUrl: v.portalIntakeUrl, publicUrl: v.portalPublicUrl, keySetUrl: v.portalKeySetUrl ?? serverSideUrl(`${v.portalPublicUrl}/intake/keys`) },
    signing: { keyId: v.signingKeyId, privateKeyPem: v.signingKey ? pem(v.signingKey) : cmsDevSigningKey(base.home) },
    intakeMaxBytes: v.intakeMaxBytes,
    outboxSweepCron: v.outboxSweepCron,
    keysetPin: v.keysetPin ?? (production ? undefined : readDevKeySetPin(base.home)),
    keysetCacheSeconds: v.keysetCacheSeconds,
    portalTimeoutMs: v.portalTimeoutMs,
    outboxAlertSeconds: v.outboxAlertSeconds,
    shredRetentionDays: v.shredRetentionDays,
  };
}
