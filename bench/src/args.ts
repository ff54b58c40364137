import path from 'node:path';
import type { BenchOptions } from './model';

export const ALL_ROWS = ['6', '1', '5', '2', '3', '4', '7'];
const repo = path.resolve(__dirname, '..', '..');

/** `--quick` (CI smoke), `--rows 1,5`, `--profile`, `--out <file.md>`, `--json <file>`, `--big` (also 1,000,000 inbox rows). */
export function parseArgs(argv: string[]): BenchOptions {
  const has = (flag: string) => argv.includes(flag);
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const quick = has('--quick');
  const rows = new Set((value('--rows') ?? ALL_ROWS.join(',')).split(',').map((s) => s.trim()));
  for (const r of rows) if (!ALL_ROWS.includes(r)) throw new Error(`unknown row ${r}; rows are ${ALL_ROWS.join(', ')}`);
  return {
    quick,
    rounds: quick ? 1 : 5,
    seconds: quick ? 2 : 8,
    amount: quick ? 2_000 : 12_000,
    connections: 10,
    inboxSizes: quick ? [1_000] : has('--big') ? [100_000, 1_000_000] : [100_000],
    profileDir: has('--profile') ? path.join(repo, 'bench', 'profiles') : undefined,
    rows,
    // A smoke run never overwrites the committed full run.
    out: value('--out') ?? (quick ? path.join(repo, 'bench', 'dist', 'quick-run.md') : path.join(repo, 'docs', 'BENCHMARKS.md')),
    json: value('--json') ?? path.join(repo, 'bench', 'dist', 'last-run.json'),
  };
}
