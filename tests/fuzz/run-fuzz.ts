import fc from 'fast-check';
import type { FuzzCase } from './arbitraries';

export interface FuzzTally {
  sent: number;
  byStatus: Record<string, number>;
  byKind: Record<string, number>;
  /** Responses outside the documented 4xx set: each one is a finding. */
  violations: Array<{ kind: string; contentType: string; status: number; body: string; sample: string }>;
}

/**
 * Sends `count` generated cases (fast-check, fixed seed) with bounded
 * concurrency and checks each status against the documented set.
 */
export async function fuzz(
  arb: fc.Arbitrary<FuzzCase>,
  opts: { count: number; seed: number; concurrency: number; allowed: readonly number[] },
  send: (c: FuzzCase) => Promise<{ status: number; text: string }>,
): Promise<FuzzTally> {
  const cases = fc.sample(arb, { numRuns: opts.count, seed: opts.seed });
  const tally: FuzzTally = { sent: 0, byStatus: {}, byKind: {}, violations: [] };
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const c = cases[next++]!;
      let status: number;
      let text: string;
      try {
        ({ status, text } = await send(c));
      } catch (err) {
        status = 0;
        text = (err as Error).message;
      }
      tally.sent++;
      tally.byStatus[status] = (tally.byStatus[status] ?? 0) + 1;
      tally.byKind[c.kind] = (tally.byKind[c.kind] ?? 0) + 1;
      if (!opts.allowed.includes(status)) {
        tally.violations.push({ kind: c.kind, contentType: c.contentType, status, body: text.slice(0, 300), sample: c.body.slice(0, 120) });
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  return tally;
}

export function formatTally(name: string, t: FuzzTally): string {
  const statuses = Object.entries(t.byStatus).sort().map(([s, n]) => `${s}×${n}`).join(', ');
  const kinds = Object.entries(t.byKind).sort().map(([k, n]) => `${k} ${n}`).join(', ');
  return `${name}: ${t.sent} requests; statuses ${statuses}; ${t.violations.length} outside the documented 4xx set\n  mutations: ${kinds}`;
}
