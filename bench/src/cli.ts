import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from './args';
import { BenchContext } from './context';
import { machineInfo } from './machine';
import { PendingError, type RowResult } from './model';
import { markdownTable, writeReport } from './report';
import { ROWS } from './rows';

const say = (line: string) => process.stderr.write(`[bench] ${line}\n`);

/**
 * `npm run bench`: runs every row against its baseline, prints the table and
 * writes docs/BENCHMARKS.md. A row that cannot run (its part has not landed, or
 * it failed) is reported as such and the others still run; the exit code is 1
 * when any row failed outright.
 */
async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const opts = parseArgs(argv);
  const machine = machineInfo();
  const startedAt = new Date();
  const ctx = new BenchContext(opts);
  const results: RowResult[] = [];
  let failed = false;
  const stop = () => {
    void ctx.close().then(() => process.exit(130));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    for (const row of ROWS) {
      if (!opts.rows.has(row.id)) continue;
      say(`row ${row.id}: ${row.title}`);
      const t0 = Date.now();
      try {
        results.push(...[await row.run(ctx)].flat());
      } catch (err) {
        const pending = err instanceof PendingError;
        failed ||= !pending;
        say(`row ${row.id} ${pending ? 'pending' : 'FAILED'}: ${(err as Error).message}`);
        results.push({
          row: row.id,
          measure: row.title,
          subject: pending ? `not run: ${(err as Error).message}` : `failed: ${(err as Error).message.split('\n')[0]}`,
          baseline: '—',
          ratio: null,
          goal: row.goal,
          met: null,
          numbers: [],
          notes: [],
        });
      }
      say(`row ${row.id} took ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
  } finally {
    await ctx.close();
  }
  const findingsFile = path.join(__dirname, '..', 'FINDINGS.md');
  const findings = fs.existsSync(findingsFile) ? fs.readFileSync(findingsFile, 'utf8') : 'None recorded.';
  writeReport({ rows: results, machine, opts, argv, startedAt, finishedAt: new Date(), findings });
  process.stdout.write(`${markdownTable(results)}\n`);
  fs.mkdirSync(path.dirname(opts.json), { recursive: true });
  fs.writeFileSync(opts.json, JSON.stringify(results, null, 2));
  say(`wrote ${opts.out}`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
