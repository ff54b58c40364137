import type { Db } from '../db/types';

/**
 * Not backed up: live sessions (a restore signs everyone out rather than
 * reviving tokens) and the migration ledger (the target is migrated first).
 */
export const EXCLUDED_TABLES = new Set(['sessions', 'schema_migrations']);

/** Base tables of the current schema, parents before children (foreign keys), so a restore can insert in this order. */
export async function tablesInDependencyOrder(db: Db): Promise<string[]> {
  const tables = await db.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = current_schema() AND c.relkind = 'r' ORDER BY c.relname`,
  );
  const edges = await db.query<{ child: string; parent: string }>(
    `SELECT cc.relname AS child, pc.relname AS parent FROM pg_constraint k
     JOIN pg_class cc ON cc.oid = k.conrelid JOIN pg_class pc ON pc.oid = k.confrelid
     JOIN pg_namespace n ON n.oid = cc.relnamespace
     WHERE k.contype = 'f' AND n.nspname = current_schema()`,
  );
  const names = tables.rows.map((t) => t.name).filter((t) => !EXCLUDED_TABLES.has(t));
  const parents = new Map<string, Set<string>>(names.map((n) => [n, new Set<string>()]));
  for (const e of edges.rows) if (e.child !== e.parent) parents.get(e.child)?.add(e.parent);
  const ordered: string[] = [];
  const visit = (t: string, path: Set<string>) => {
    if (ordered.includes(t) || path.has(t)) return;
    path.add(t);
    for (const p of parents.get(t) ?? []) if (parents.has(p)) visit(p, path);
    path.delete(t);
    ordered.push(t);
  };
  for (const n of names) visit(n, new Set());
  return ordered;
}

export function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unexpected table name ${JSON.stringify(name)}`);
  return `"${name}"`;
}
