import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * CI smoke for `npm run bench -- --quick`: the script still runs end to end and
 * every row produces numbers. It says nothing about speed, on purpose.
 */
const repo = path.resolve(__dirname, '..');

interface Row {
  row: string;
  subject: string;
  numbers: number[];
}

describe('npm run bench -- --quick', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-smoke-'));
  let rows: Row[] = [];
  let report = '';

  beforeAll(() => {
    execFileSync(process.execPath, [path.join(repo, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(repo, 'bench')], { stdio: 'inherit' });
    const json = path.join(out, 'results.json');
    const md = path.join(out, 'BENCHMARKS.md');
    try {
      execFileSync(process.execPath, [path.join(repo, 'bench', 'dist', 'cli.js'), '--quick', '--out', md, '--json', json], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 25 * 60_000 });
    } catch {
      // A failed row exits 1; the assertions below name it.
    }
    rows = JSON.parse(fs.readFileSync(json, 'utf8')) as Row[];
    report = fs.readFileSync(md, 'utf8');
  }, 30 * 60_000);

  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  it('reports every row of the issue', () => {
    const ids = new Set(rows.map((r) => r.row.split(' ')[0]));
    expect([...ids].sort()).toEqual(['1', '2', '3', '4', '5', '6', '7']);
  });

  it('gives every row finite numbers', () => {
    const empty = rows.filter((r) => r.numbers.length === 0 || r.numbers.some((n) => !Number.isFinite(n))).map((r) => `${r.row}: ${r.subject}`);
    expect(empty).toEqual([]);
  });

  it('writes the Markdown report with the machine and the commands', () => {
    expect(report).toContain('| # | measure |');
    expect(report).toMatch(/Node: v\d+/);
    expect(report).toContain('npm run bench');
  });
});
