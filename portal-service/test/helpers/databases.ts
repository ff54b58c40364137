import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadPortalConfig, type PortalConfig } from '@palisade/config';
import { openDatabases } from '../../src/db/open';
import { enableRoleLogins, migrate } from '../../src/db/migrate';
import type { Databases } from '../../src/db/types';

export type TestDbName = 'pglite' | 'postgres';

export interface OpenedTestDatabase {
  dbs: Databases;
  /** A complete test configuration pointing at this database (fresh master key and CMS key). */
  config: PortalConfig;
  /** The CMS key trusted by `config` (private half included, to sign intake calls). */
  cms: TestCmsKey;
  /**
   * Superuser access to the same database, for tests that play an attacker with
   * full rights (tampering with audit rows). On PGlite it is the owner handle.
   */
  superuser: { query(sql: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[]; rowCount: number }> };
  /** Closes the handles and drops the database. */
  cleanup(): Promise<void>;
}

export interface TestDatabase {
  name: TestDbName;
  open(): Promise<OpenedTestDatabase>;
}

/** The trusted CMS key pair every test configuration carries; tests sign intake calls with it. */
export interface TestCmsKey {
  keyId: string;
  privateKey: crypto.KeyObject;
  publicKeyPem: string;
}

export const TEST_CMS_KEY_ID = 'cms-test-1';

export function generateCmsKey(keyId = TEST_CMS_KEY_ID): TestCmsKey {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
  return { keyId, privateKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

/** A portal configuration for tests: no files read, no development secrets generated. */
export function testConfig(database: PortalConfig['database'], cmsKeys: TestCmsKey[]): PortalConfig {
  const base = loadPortalConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PALISADE_HOME: '/nonexistent-palisade-test-home',
    PORTAL_PGLITE_DIR: 'memory://',
    PORTAL_MASTER_KEY: crypto.randomBytes(32).toString('base64'),
    PORTAL_CMS_KEYS: cmsKeys.map((k) => `${k.keyId}=${Buffer.from(k.publicKeyPem).toString('base64')}`).join(','),
    PORTAL_SITE_ORIGINS: 'http://www.localhost:1337',
    // Signed audit checkpoints (one file per chain) go to a scratch directory, not the nonexistent home.
    PORTAL_AUDIT_CHECKPOINT_DIR: path.join(os.tmpdir(), 'palisade-test-audit-checkpoints'),
  });
  return { ...base, database };
}

const pgliteDatabase: TestDatabase = {
  name: 'pglite',
  async open() {
    const database = { kind: 'pglite' as const, dataDir: 'memory://' };
    const dbs = await openDatabases({ database });
    try {
      await migrate(dbs.owner);
    } catch (err) {
      await dbs.close();
      throw err;
    }
    const cms = generateCmsKey();
    return {
      dbs,
      cms,
      config: testConfig(database, [cms]),
      superuser: dbs.owner,
      cleanup: () => dbs.close(),
    };
  },
};

function postgresDatabase(baseUrl: string): TestDatabase {
  return {
    name: 'postgres',
    async open() {
      const base = new URL(baseUrl);
      const name = `${base.pathname.slice(1) || 'palisade_test'}_${crypto.randomBytes(5).toString('hex')}`;
      const admin = new URL(baseUrl);
      admin.pathname = '/postgres';
      const adminClient = new pg.Client({ connectionString: admin.toString() });
      await adminClient.connect();
      try {
        await adminClient.query(`CREATE DATABASE ${name}`);
      } finally {
        await adminClient.end();
      }
      const ownerUrl = new URL(baseUrl);
      ownerUrl.pathname = `/${name}`;
      const rolePassword = process.env.PORTAL_TEST_DB_ROLE_PASSWORD || undefined;
      const database = { kind: 'postgres' as const, ownerUrl: ownerUrl.toString(), rolePassword };
      const dbs = await openDatabases({ database });
      try {
        await migrate(dbs.owner);
        await enableRoleLogins(dbs.owner, rolePassword);
      } catch (err) {
        await dbs.close();
        throw err;
      }
      const cms = generateCmsKey();
      return {
        dbs,
        cms,
        config: testConfig(database, [cms]),
        superuser: dbs.owner,
        async cleanup() {
          await dbs.close();
          const c = new pg.Client({ connectionString: admin.toString() });
          await c.connect();
          try {
            await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          } finally {
            await c.end();
          }
        },
      };
    },
  };
}

/**
 * The databases every database test runs on: PGlite always, PostgreSQL too
 * when PORTAL_TEST_DATABASE_URL is set (its owner must be a superuser or able
 * to create databases and roles). Each `open()` makes a fresh, migrated
 * database that `cleanup()` removes. Use with `describe.each(testDatabases())`.
 */
export function testDatabases(): TestDatabase[] {
  const url = process.env.PORTAL_TEST_DATABASE_URL;
  return url ? [pgliteDatabase, postgresDatabase(url)] : [pgliteDatabase];
}
