import fs from 'node:fs';
import { Command } from 'commander';
import { DEFAULT_K, runDeidentifiedExport, type DeidentifiedExportResult } from '../export/run';
import { ExportError } from '../export/stage';
import { chainedAuditPort } from '../fhir/audit-port';
import { KeyService } from '../keys/intake-keys';
import { kmsFromConfig } from '../keys/kms';
import { CliError, withCli, type CliEnv } from './context';

export interface ExportCliOptions {
  form: string;
  from: string;
  to: string;
  format?: string;
  out?: string;
  k?: string;
  allowFreeText?: string;
  quasi?: string;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A date alone means that whole day, so `--to 2026-03-31` includes the 31st; a date-time is exact (exclusive for --to). */
export function windowBound(raw: string, which: 'from' | 'to'): Date {
  const at = new Date(DATE_ONLY.test(raw) ? `${raw}T00:00:00Z` : raw);
  if (Number.isNaN(at.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(raw)) throw new CliError(`--${which} must be a date (YYYY-MM-DD) or an ISO date-time`);
  return which === 'to' && DATE_ONLY.test(raw) ? new Date(at.getTime() + 86_400_000) : at;
}

function list(raw: string | undefined): string[] | undefined {
  return raw === undefined ? undefined : raw.split(',').map((s) => s.trim()).filter(Boolean);
}

/**
 * `export deidentified`: stage generalized rows as portal_app (the only step
 * with keys), read them back as portal_analytics, suppress small groups, write
 * CSV. The file is created new (never overwritten) and readable by its owner only.
 */
export async function runExportDeidentified(opts: ExportCliOptions, env: CliEnv = {}): Promise<DeidentifiedExportResult['summary']> {
  const format = opts.format ?? 'csv';
  if (format !== 'csv') throw new CliError(`--format ${format} is not supported; use csv (Parquet is not available yet)`);
  const k = opts.k === undefined ? DEFAULT_K : Number(opts.k);
  if (!Number.isInteger(k) || k < 2 || k > 1000) throw new CliError('--k must be a whole number from 2 to 1000');
  const from = windowBound(opts.from, 'from');
  const to = windowBound(opts.to, 'to');

  // Claim the output file first: an existing file is refused before anything is decrypted.
  let fd: number | undefined;
  if (opts.out) {
    try {
      fd = fs.openSync(opts.out, 'wx', 0o600);
    } catch (err) {
      throw new CliError(`cannot create ${opts.out}: ${(err as NodeJS.ErrnoException).code === 'EEXIST' ? 'it already exists' : 'check the path'}`);
    }
  }
  const outFile = opts.out;
  try {
    return await withCli('export-deidentified', env, async ({ config, dbs, clock, out }) => {
      const keys = new KeyService(dbs.app, await kmsFromConfig(config), clock);
      let result: DeidentifiedExportResult;
      try {
        result = await runDeidentifiedExport(
          { app: dbs.app, analytics: dbs.analytics, keys, audit: chainedAuditPort('portal-cli', clock), actor: { actorType: 'system', actorId: 'cli' } },
          { form: opts.form, from, to, k, allowFreeText: list(opts.allowFreeText), quasiIdentifiers: list(opts.quasi) },
        );
      } catch (err) {
        if (err instanceof ExportError || err instanceof RangeError) throw new CliError(err.message);
        throw err;
      }
      const s = result.summary;
      if (fd !== undefined) {
        fs.writeFileSync(fd, result.csv);
        out(`wrote ${s.exported} rows to ${outFile}`);
      } else {
        process.stdout.write(result.csv);
      }
      // The summary goes to stderr when the CSV itself is on stdout.
      const note = fd !== undefined ? out : (line: string) => void process.stderr.write(`${line}\n`);
      note(`export ${s.exportId}: ${s.staged} submissions de-identified, ${s.exported} released, ${s.suppressed} suppressed (groups under k=${s.k})`);
      note(`columns: ${s.columns.join(', ')}`);
      note(`quasi-identifiers: ${s.quasiIdentifiers.join(', ')}`);
      if (s.dropped.length) note(`dropped: ${s.dropped.map((d) => `${d.key} (${d.reason})`).join(', ')}`);
      return s;
    });
  } catch (err) {
    if (fd !== undefined && outFile) {
      fs.closeSync(fd);
      fd = undefined;
      fs.rmSync(outFile, { force: true });
    }
    throw err;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

export function exportCommand(env: CliEnv = {}): Command {
  const command = new Command('export').description('Exports for analytics (de-identified)');
  command
    .command('deidentified')
    .description('De-identified CSV of one form: identity and contact fields removed, dates to the month, ages over 89 as 90+, free text only when allowlisted, groups under k suppressed')
    .requiredOption('--form <slug>', 'form slug')
    .requiredOption('--from <date>', 'first day (YYYY-MM-DD) or instant of the receipt window')
    .requiredOption('--to <date>', 'last day (inclusive) or exclusive instant of the receipt window')
    .option('--format <format>', 'output format (csv)', 'csv')
    .option('--out <file>', 'write to a new file (mode 600) instead of stdout')
    .option('--k <k>', 'smallest group released (k-anonymity)', String(DEFAULT_K))
    .option('--allow-free-text <keys>', 'comma-separated free-text fields to release (never identity or contact fields)')
    .option('--quasi <columns>', 'comma-separated columns that define the k groups (default: received_month and every structured column)')
    .action(async (opts: ExportCliOptions) => {
      await runExportDeidentified(opts, env);
    });
  return command;
}
