import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '@palisade/config';
import { ROLE_NAMES, type ScriptDb } from './types';

/** The numbered SQL files of the health database. */
export const MIGRATIONS_DIR = path.join(repoRoot, 'database', 'portal');

/** Arbitrary constant shared by every migrator of a database, so two processes never migrate at once. */
const MIGRATE_LOCK = 0x7061_6c69;

/** A file starting with this line runs as the connecting user instead of portal_owner (role creation). */
const AS_CONNECTING_USER = /^--\s*migrate:\s*as-connecting-user\b/;

export interface Migration {
  name: string;
  sql: string;
}

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{3}_[a-z0-9_-]+\.sql$/.test(f))
    .sort()
    .map((name) => ({ name, sql: fs.readFileSync(path.join(dir, name), 'utf8') }));
}

export interface MigrateResult {
  applied: string[];
  skipped: string[];
}

// Roles are shared by the whole cluster: two migrators of two databases may
// race on them. These codes mean "someone else just did it", worth a retry.
const RETRYABLE = new Set(['40001', '40P01', 'XX000', '23505', '42710']);

async function withRetry<T>(fn: () => Promise<T>, attempts = 4): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (i >= attempts || !code || !RETRYABLE.has(code)) throw err;
      await new Promise((r) => setTimeout(r, 50 * i));
    }
  }
}

/**
 * Applies every pending migration in order, each in its own transaction, and
 * records it in `schema_migrations`. Re-running applies nothing.
 */
export async function migrate(owner: ScriptDb, migrations = loadMigrations()): Promise<MigrateResult> {
  await owner.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATE_LOCK]);
    await tx.exec(
      `CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());
       REVOKE ALL ON schema_migrations FROM PUBLIC;`,
    );
  });
  const result: MigrateResult = { applied: [], skipped: [] };
  for (const m of migrations) {
    const applied = await withRetry(() =>
      owner.transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATE_LOCK]);
        const done = await tx.query('SELECT 1 FROM schema_migrations WHERE name = $1', [m.name]);
        if (done.rowCount > 0) return false;
        const asOwner = !AS_CONNECTING_USER.test(m.sql);
        if (asOwner) await becomeOwner(tx);
        await tx.exec(m.sql);
        if (asOwner) await tx.query('RESET ROLE');
        await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [m.name]);
        return true;
      }),
    );
    (applied ? result.applied : result.skipped).push(m.name);
  }
  return result;
}

async function becomeOwner(tx: ScriptDb): Promise<void> {
  const { rows } = await tx.query<{ ok: boolean }>(
    `SELECT current_user = $1 OR pg_has_role(current_user, $1, 'MEMBER') AS ok`,
    [ROLE_NAMES.owner],
  );
  if (!rows[0]?.ok) throw new Error(`the migrating user must be ${ROLE_NAMES.owner} or a member of it`);
  await tx.query(`SET LOCAL ROLE ${ROLE_NAMES.owner}`);
}

/**
 * Development and tests only: lets the service roles log in (with `password`,
 * or none under trust authentication) so their URLs can be derived from the
 * owner URL. Production operators create logins and per-role URLs themselves.
 */
export async function enableRoleLogins(owner: ScriptDb, password?: string): Promise<void> {
  for (const role of [ROLE_NAMES.app, ROLE_NAMES.ingest, ROLE_NAMES.analytics]) {
    await withRetry(() =>
      owner.transaction(async (tx) => {
        const literal = password === undefined ? 'NULL' : `'${password.replace(/'/g, "''")}'`;
        await tx.exec(`ALTER ROLE ${role} LOGIN PASSWORD ${literal}`);
      }),
    );
  }
}
