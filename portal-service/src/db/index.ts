export { openDatabases } from './open';
export { migrate, enableRoleLogins, loadMigrations, MIGRATIONS_DIR } from './migrate';
export { toBuffer, toNumber, toDate } from './values';
export { ROLE_NAMES } from './types';
export type { Databases, Db, DbRole, QueryResult, ScriptDb, TransactionOptions } from './types';
