import path from 'node:path';
import { z } from 'zod';
import { common } from './common';
import { bool, dbUrl, port, positiveInt, readAll, url, variable, type Env } from './define';
import { cmsDevPublicKey, DEV_CMS_KEY_ID, portalDevMasterKeyFile } from './dev-secrets';
import { ConfigError } from './errors';

export const portalVariables = {
  host: variable({ name: 'PORTAL_HOST', owner: 'portal', doc: 'Address the staff listener binds to.', defaultText: '127.0.0.1', schema: z.string().default('127.0.0.1') }),
  staffPort: variable({ name: 'PORTAL_STAFF_PORT', owner: 'portal', doc: 'Port of the staff listener (UI, staff API, public intake key set).', defaultText: '4000', schema: port(4000) }),
  intakeHost: variable({
    name: 'PORTAL_INTAKE_HOST',
    owner: 'portal',
    doc: 'Address of the internal intake listener. Keep it private: only the CMS talks to it.',
    defaultText: '127.0.0.1',
    schema: z.string().default('127.0.0.1'),
  }),
  intakePort: variable({ name: 'PORTAL_INTAKE_PORT', owner: 'portal', doc: 'Port of the internal intake listener.', defaultText: '4001', schema: port(4001) }),
  publicUrl: variable({
    name: 'PORTAL_PUBLIC_URL',
    owner: 'portal',
    doc: 'Public origin of the staff portal.',
    defaultText: 'http://patient.localhost:4000',
    schema: url().default('http://patient.localhost:4000'),
  }),
  siteOrigins: variable({
    name: 'PORTAL_SITE_ORIGINS',
    owner: 'portal',
    doc: 'Comma-separated public-site origins allowed to fetch the intake key set (CORS).',
    defaultText: 'http://www.localhost:1337',
    schema: z.string().default('http://www.localhost:1337').transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean)),
  }),
  databaseUrl: variable({
    name: 'DATABASE_URL',
    owner: 'portal',
    doc: 'PostgreSQL URL of the health database, as its owner (migrations). Unset: embedded PGlite.',
    secret: true,
    schema: dbUrl().optional(),
  }),
  appDatabaseUrl: variable({ name: 'PORTAL_APP_DATABASE_URL', owner: 'portal', doc: 'Connection of the staff API (role portal_app).', defaultText: 'DATABASE_URL as portal_app', secret: true, schema: dbUrl().optional() }),
  ingestDatabaseUrl: variable({ name: 'PORTAL_INGEST_DATABASE_URL', owner: 'portal', doc: 'Connection of the intake listener (role portal_ingest).', defaultText: 'DATABASE_URL as portal_ingest', secret: true, schema: dbUrl().optional() }),
  analyticsDatabaseUrl: variable({ name: 'PORTAL_ANALYTICS_DATABASE_URL', owner: 'portal', doc: 'Connection of de-identified exports (role portal_analytics).', defaultText: 'DATABASE_URL as portal_analytics', secret: true, schema: dbUrl().optional() }),
  dbRolePassword: variable({
    name: 'PORTAL_DB_ROLE_PASSWORD',
    owner: 'portal',
    doc: 'Development and tests: password the migrator gives the portal_app, portal_ingest and portal_analytics logins when their URLs are derived from DATABASE_URL (unset: no password, for trust authentication). In production, set the per-role URLs instead.',
    secret: true,
    schema: z.string().optional(),
  }),
  pgliteDir: variable({ name: 'PORTAL_PGLITE_DIR', owner: 'portal', doc: 'PGlite data folder used when DATABASE_URL is unset ("memory://" for a throw-away one).', defaultText: '$PALISADE_HOME/data/portal-pglite', schema: z.string().optional() }),
  masterKey: variable({ name: 'PORTAL_MASTER_KEY', owner: 'portal', doc: 'Master key (32 bytes, base64) that wraps stored private keys.', secret: true, schema: z.string().optional() }),
  masterKeyFile: variable({ name: 'PORTAL_MASTER_KEY_FILE', owner: 'portal', doc: 'File holding the master key, used when PORTAL_MASTER_KEY is unset.', defaultText: '$PALISADE_HOME/keys/portal-master.key (development)', schema: z.string().optional() }),
  backupKey: variable({
    name: 'PORTAL_BACKUP_KEY',
    owner: 'portal',
    doc: 'Key (32 bytes, base64) that encrypts backups (`npm run portal -- backup`); must differ from the master key.',
    secret: true,
    schema: z.string().optional(),
  }),
  backupKeyFile: variable({
    name: 'PORTAL_BACKUP_KEY_FILE',
    owner: 'portal',
    doc: 'File holding the backup key, used when PORTAL_BACKUP_KEY is unset (generated on first backup in development).',
    defaultText: '$PALISADE_HOME/keys/portal-backup.key',
    schema: z.string().optional(),
  }),
  cmsKeys: variable({
    name: 'PORTAL_CMS_KEYS',
    owner: 'portal',
    doc: 'Trusted CMS signing keys, as keyid=base64(SPKI PEM) pairs separated by commas.',
    defaultText: 'the development CMS key',
    schema: z.string().optional(),
  }),
  sessionIdleSeconds: variable({ name: 'PORTAL_SESSION_IDLE_SECONDS', owner: 'portal', doc: 'Staff session idle timeout.', defaultText: '900', schema: positiveInt(900) }),
  sessionAbsoluteSeconds: variable({ name: 'PORTAL_SESSION_ABSOLUTE_SECONDS', owner: 'portal', doc: 'Staff session absolute lifetime.', defaultText: '28800', schema: positiveInt(28800) }),
  lockoutThreshold: variable({ name: 'PORTAL_LOCKOUT_THRESHOLD', owner: 'portal', doc: 'Consecutive failed password or TOTP attempts before an account locks.', defaultText: '10', schema: positiveInt(10) }),
  cookieSecure: variable({
    name: 'PORTAL_COOKIE_SECURE',
    owner: 'portal',
    doc: 'Mark cookies Secure (required by the __Host- prefix; browsers accept it on http://*.localhost).',
    defaultText: 'true',
    schema: bool(true),
  }),
  redisUrl: variable({ name: 'PORTAL_REDIS_URL', owner: 'portal', doc: 'Redis store for rate limits. Unset: in memory.', secret: true, schema: z.string().regex(/^rediss?:\/\//, { message: 'must be a redis:// URL' }).optional() }),
  rateLimitMax: variable({ name: 'PORTAL_RATE_LIMIT_MAX', owner: 'portal', doc: 'Requests per minute per client on the staff listener.', defaultText: '300', schema: positiveInt(300) }),
  intakeMaxBytes: variable({ name: 'PORTAL_INTAKE_MAX_BYTES', owner: 'portal', doc: 'Largest accepted intake body, in bytes.', defaultText: '65536', schema: positiveInt(65536) }),
  auditCheckpointSeconds: variable({
    name: 'PORTAL_AUDIT_CHECKPOINT_SECONDS',
    owner: 'portal',
    doc: 'How often the portal signs the audit chain head into the checkpoint directory (also at shutdown; skipped when the head has not moved).',
    defaultText: '300',
    schema: positiveInt(300),
  }),
  auditCheckpointDir: variable({
    name: 'PORTAL_AUDIT_CHECKPOINT_DIR',
    owner: 'portal',
    doc: 'Directory outside the database for signed audit checkpoints (one JSON line each); in production point it at write-once storage.',
    defaultText: '$PALISADE_HOME/audit-checkpoints',
    schema: z.string().optional(),
  }),
};

export interface TrustedCmsKey {
  keyId: string;
  publicKeyPem: string;
}

export interface PortalConfig {
  nodeEnv: 'development' | 'test' | 'production';
  home: string;
  logLevel: string;
  host: string;
  staffPort: number;
  intakeHost: string;
  intakePort: number;
  publicUrl: string;
  siteOrigins: string[];
  database:
    | { kind: 'postgres'; ownerUrl: string; appUrl?: string; ingestUrl?: string; analyticsUrl?: string; rolePassword?: string }
    | { kind: 'pglite'; dataDir: string };
  masterKey: { value: string } | { file: string };
  backupKey: { value: string } | { file: string };
  cmsKeys: TrustedCmsKey[];
  session: { idleSeconds: number; absoluteSeconds: number };
  lockoutThreshold: number;
  cookieSecure: boolean;
  redisUrl?: string;
  rateLimitMax: number;
  intakeMaxBytes: number;
  /** Signed audit checkpoints; optional so hand-built configurations keep compiling (defaults: $PALISADE_HOME/audit-checkpoints, 300 s). */
  auditCheckpoint?: { dir: string; everySeconds: number };
}

function parseCmsKeys(raw: string): TrustedCmsKey[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new ConfigError([{ variable: 'PORTAL_CMS_KEYS', problem: 'each entry must be keyid=base64(SPKI PEM)' }]);
      const publicKeyPem = Buffer.from(pair.slice(eq + 1), 'base64').toString('utf8');
      if (!publicKeyPem.includes('BEGIN PUBLIC KEY')) {
        throw new ConfigError([{ variable: 'PORTAL_CMS_KEYS', problem: `the key for "${pair.slice(0, eq)}" is not a base64 SPKI PEM` }]);
      }
      return { keyId: pair.slice(0, eq), publicKeyPem };
    });
}

/** Reads and validates the portal's configuration; throws ConfigError naming every bad variable. */
export function loadPortalConfig(env: Env = process.env): PortalConfig {
  const base = readAll(common, env);
  const v = readAll(portalVariables, env);
  const production = base.nodeEnv === 'production';

  if (production) {
    const issues = [];
    if (!v.databaseUrl) issues.push({ variable: 'DATABASE_URL', problem: 'is required in production (PGlite is for development)' });
    if (!v.masterKey && !v.masterKeyFile) issues.push({ variable: 'PORTAL_MASTER_KEY', problem: 'or PORTAL_MASTER_KEY_FILE is required in production' });
    if (!v.cmsKeys) issues.push({ variable: 'PORTAL_CMS_KEYS', problem: 'is required in production' });
    if (issues.length) throw new ConfigError(issues);
  }
  if (v.backupKey !== undefined && Buffer.from(v.backupKey, 'base64').length !== 32) {
    throw new ConfigError([{ variable: 'PORTAL_BACKUP_KEY', problem: 'must be 32 bytes, base64-encoded' }]);
  }
  if (v.masterKey !== undefined && Buffer.from(v.masterKey, 'base64').length !== 32) {
    throw new ConfigError([{ variable: 'PORTAL_MASTER_KEY', problem: 'must be 32 bytes, base64-encoded' }]);
  }

  return {
    nodeEnv: base.nodeEnv,
    home: base.home,
    logLevel: base.logLevel,
    host: v.host,
    staffPort: v.staffPort,
    intakeHost: v.intakeHost,
    intakePort: v.intakePort,
    publicUrl: v.publicUrl,
    siteOrigins: v.siteOrigins,
    database: v.databaseUrl
      ? {
          kind: 'postgres',
          ownerUrl: v.databaseUrl,
          appUrl: v.appDatabaseUrl,
          ingestUrl: v.ingestDatabaseUrl,
          analyticsUrl: v.analyticsDatabaseUrl,
          rolePassword: v.dbRolePassword,
        }
      : { kind: 'pglite', dataDir: v.pgliteDir ?? path.join(base.home, 'data', 'portal-pglite') },
    masterKey: v.masterKey ? { value: v.masterKey } : { file: v.masterKeyFile ?? portalDevMasterKeyFile(base.home) },
    backupKey: v.backupKey ? { value: v.backupKey } : { file: v.backupKeyFile ?? path.join(base.home, 'keys', 'portal-backup.key') },
    cmsKeys: v.cmsKeys ? parseCmsKeys(v.cmsKeys) : [{ keyId: DEV_CMS_KEY_ID, publicKeyPem: cmsDevPublicKey(base.home) }],
    session: { idleSeconds: v.sessionIdleSeconds, absoluteSeconds: v.sessionAbsoluteSeconds },
    lockoutThreshold: v.lockoutThreshold,
    cookieSecure: v.cookieSecure,
    redisUrl: v.redisUrl,
    rateLimitMax: v.rateLimitMax,
    intakeMaxBytes: v.intakeMaxBytes,
    auditCheckpoint: { dir: v.auditCheckpointDir ?? path.join(base.home, 'audit-checkpoints'), everySeconds: v.auditCheckpointSeconds },
  };
}
