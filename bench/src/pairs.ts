import { runLoad } from './load/run-load';
import type { LoadResult, LoadSpec } from './load/spec';
import { median, round } from './stats';
import type { BenchOptions } from './model';

export interface PairSummary {
  subject: LoadResult;
  baseline: LoadResult;
  /** Median of the per-round subject/baseline req/s ratios. */
  ratio: number;
  rounds: number;
}

function medianResult(results: LoadResult[]): LoadResult {
  const m = (f: (r: LoadResult) => number) => median(results.map(f));
  return {
    rps: m((r) => r.rps),
    p50: m((r) => r.p50),
    p99: m((r) => r.p99),
    requests: m((r) => r.requests),
    non2xx: results.reduce((a, r) => a + r.non2xx, 0),
    errors: results.reduce((a, r) => a + r.errors, 0),
    seconds: m((r) => r.seconds),
    statuses: results.reduce<Record<string, number>>((acc, r) => {
      for (const [k, v] of Object.entries(r.statuses)) acc[k] = (acc[k] ?? 0) + v;
      return acc;
    }, {}),
  };
}

/**
 * Alternates subject and baseline runs (baseline first in odd rounds, second in
 * even ones) so drift on a shared machine hits both alike; each figure is the
 * median of the rounds and the ratio is the median of per-round ratios.
 * `prepare` builds fresh specs per round (unique ids, fresh signatures).
 */
export async function measurePair(
  opts: BenchOptions,
  prepare: (round: number) => Promise<{ subject: LoadSpec; baseline: LoadSpec }>,
): Promise<PairSummary> {
  const subjects: LoadResult[] = [];
  const baselines: LoadResult[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < opts.rounds; i++) {
    const specs = await prepare(i);
    let s: LoadResult;
    let b: LoadResult;
    if (i % 2 === 0) {
      b = await runLoad(specs.baseline);
      s = await runLoad(specs.subject);
    } else {
      s = await runLoad(specs.subject);
      b = await runLoad(specs.baseline);
    }
    subjects.push(s);
    baselines.push(b);
    ratios.push(b.rps > 0 ? s.rps / b.rps : Number.NaN);
  }
  return { subject: medianResult(subjects), baseline: medianResult(baselines), ratio: median(ratios), rounds: opts.rounds };
}

export function describeLoad(r: LoadResult): string {
  const bad = r.non2xx + r.errors;
  const tail = bad > 0 ? `; ${bad} non-2xx/errors` : '';
  return `${round(r.rps, 0)} req/s, p50 ${round(r.p50, 1)} ms, p99 ${round(r.p99, 1)} ms${tail}`;
}

/** A run where the server mostly refused is measuring the refusal, not the path. */
export function assertMostlyOk(name: string, r: LoadResult): void {
  if (r.requests === 0 || (r.non2xx + r.errors) / Math.max(1, r.requests) > 0.01) {
    throw new Error(`${name}: ${r.non2xx} non-2xx and ${r.errors} errors out of ${r.requests} requests (statuses ${JSON.stringify(r.statuses)})`);
  }
}
