import fs from 'node:fs';
import type { PortalConfig } from '@palisade/config';
import { openPglite } from './pglite';
import { openPostgres } from './postgres';
import type { Databases } from './types';

/**
 * Opens one handle per role. PostgreSQL: one pool per role, with the role URLs
 * either given explicitly or derived from the owner URL (development and tests).
 * PGlite: one embedded instance shared by handles that SET ROLE per statement.
 */
export async function openDatabases(config: Pick<PortalConfig, 'database'>): Promise<Databases> {
  const db = config.database;
  if (db.kind === 'postgres') return openPostgres(db);
  if (!db.dataDir.startsWith('memory://')) fs.mkdirSync(db.dataDir, { recursive: true, mode: 0o700 });
  return openPglite(db.dataDir);
}

export type { Databases, Db, DbRole, QueryResult, ScriptDb, TransactionOptions } from './types';
