import type { Db } from '../db/types';
import type { ExportColumnPlan } from './deidentify';
import { suppressSmallGroups } from './k-anonymity';

export interface StagedRow {
  token: string;
  received_month: string;
  answers: Record<string, unknown>;
}

/**
 * Reads one export's staged rows. The handle given here must be portal_analytics:
 * this is the only read of the export, and it goes through the de-identified view.
 */
export async function readStaged(analytics: Db, exportId: string): Promise<StagedRow[]> {
  const res = await analytics.query<StagedRow>('SELECT token, received_month, answers FROM deid_export_v WHERE export_id = $1 ORDER BY token', [exportId]);
  return res.rows;
}

export interface ExportTable {
  header: string[];
  rows: Record<string, string | undefined>[];
  quasiIdentifiers: string[];
  suppressed: number;
  groups: number;
}

export const TOKEN_COLUMN = 'token';
export const MONTH_COLUMN = 'received_month';

/**
 * Lays staged rows out as a table and applies k-anonymity over the
 * quasi-identifiers (the receipt month and every generalized structured column,
 * or the subset asked for). Free text never counts as a quasi-identifier: it is
 * only present when a person allowlisted it.
 */
export function buildExportTable(plan: ExportColumnPlan, staged: readonly StagedRow[], k: number, quasi?: readonly string[]): ExportTable {
  const columns = plan.columns.map((c) => c.name);
  const defaultQuasi = [MONTH_COLUMN, ...plan.columns.filter((c) => c.quasiIdentifier).map((c) => c.name)];
  const quasiIdentifiers = quasi ? [...quasi] : defaultQuasi;
  const unknown = quasiIdentifiers.filter((q) => !defaultQuasi.includes(q));
  if (unknown.length) throw new RangeError(`not a quasi-identifier column of this export: ${unknown.join(', ')}`);
  const rows = staged.map((s) => {
    const row: Record<string, string | undefined> = { [TOKEN_COLUMN]: s.token, [MONTH_COLUMN]: s.received_month };
    for (const name of columns) {
      const v = s.answers[name];
      row[name] = typeof v === 'string' ? v : undefined;
    }
    return row;
  });
  const { kept, suppressed, groups } = suppressSmallGroups(rows, quasiIdentifiers, k);
  return { header: [TOKEN_COLUMN, MONTH_COLUMN, ...columns], rows: kept, quasiIdentifiers, suppressed, groups };
}
