import { randomUUID } from 'node:crypto';
import type { SealedOpener } from '../access/submission-repository';
import type { Db } from '../db/types';
import type { AuditPort, AuditRecord } from '../fhir/audit-port';
import { toCsv } from './csv';
import type { DropReason } from './deidentify';
import { buildExportTable, readStaged } from './extract';
import { purgeStaged, stageDeidentified } from './stage';

export const DEFAULT_K = 11;

export interface DeidentifiedExportOptions {
  form: string;
  from: Date;
  to: Date;
  k?: number;
  allowFreeText?: readonly string[];
  /** Columns that define k-anonymity groups; default: the receipt month and every structured column. */
  quasiIdentifiers?: readonly string[];
}

export interface DeidentifiedExportDeps {
  /** portal_app with the key service: stages generalized rows, writes audit rows, purges. */
  app: Db;
  keys: SealedOpener;
  /** portal_analytics: the only handle the export's rows are read with. */
  analytics: Db;
  audit: AuditPort;
  actor: Pick<AuditRecord, 'actorType' | 'actorId'>;
}

export interface DeidentifiedExportResult {
  csv: string;
  summary: {
    exportId: string;
    form: string;
    staged: number;
    exported: number;
    suppressed: number;
    k: number;
    columns: string[];
    quasiIdentifiers: string[];
    dropped: { key: string; reason: DropReason }[];
    skipped: number;
  };
}

/**
 * Stage (portal_app, decrypts, writes only generalized values) → read
 * (portal_analytics, the view only) → suppress groups under k → CSV. The staged
 * rows are removed whatever happens, and the export is audited before any
 * decryption and again with its counts once written.
 */
export async function runDeidentifiedExport(deps: DeidentifiedExportDeps, opts: DeidentifiedExportOptions): Promise<DeidentifiedExportResult> {
  const k = opts.k ?? DEFAULT_K;
  if (!Number.isInteger(k) || k < 2) throw new RangeError('k must be an integer of at least 2.');
  const exportId = randomUUID();
  try {
    const staged = await stageDeidentified(
      { app: deps.app, keys: deps.keys, audit: deps.audit, actor: deps.actor },
      { exportId, form: opts.form, from: opts.from, to: opts.to, allowFreeText: new Set(opts.allowFreeText ?? []) },
    );
    const rows = await readStaged(deps.analytics, exportId);
    const table = buildExportTable(staged.plan, rows, k, opts.quasiIdentifiers);
    const csv = toCsv(table.header, table.rows);
    const summary = {
      exportId,
      form: opts.form,
      staged: staged.staged,
      exported: table.rows.length,
      suppressed: table.suppressed,
      k,
      columns: table.header,
      quasiIdentifiers: table.quasiIdentifiers,
      dropped: staged.plan.dropped,
      skipped: staged.skipped,
    };
    await deps.app.transaction((tx) =>
      deps.audit(tx, {
        ...deps.actor,
        event: 'submission.export',
        outcome: 'success',
        action: 'E',
        resourceType: 'form',
        resourceId: opts.form,
        clinicId: staged.clinicId,
        detail: { phase: 'written', exportId, staged: staged.staged, exported: table.rows.length, suppressed: table.suppressed, k, columns: table.header },
      }),
    );
    return { csv, summary };
  } finally {
    await purgeStaged(deps.app, exportId);
  }
}
