import type { BenchContext } from '../context';
import type { RowResult } from '../model';
import { assertMostlyOk, describeLoad, measurePair } from '../pairs';

/** Row 5: the public content API with the hardening plugin on (as shipped) and off. */
export async function row5(ctx: BenchContext): Promise<RowResult> {
  const [withHardening, without] = await Promise.all([ctx.cmsVariant('product'), ctx.cmsVariant('noHardening')]);
  const spec = (url: string) => ({
    url: `${url}/api/service-pages`,
    method: 'GET' as const,
    connections: ctx.opts.connections,
    durationSeconds: ctx.opts.seconds,
    amount: ctx.opts.amount,
  });
  const pair = await measurePair(ctx.opts, async () => ({ subject: spec(withHardening.url), baseline: spec(without.url) }));
  assertMostlyOk('hardening on', pair.subject);
  assertMostlyOk('hardening off', pair.baseline);
  return {
    row: '5',
    measure: 'public content read `GET /api/service-pages`',
    subject: `hardening on: ${describeLoad(pair.subject)}`,
    baseline: `hardening off: ${describeLoad(pair.baseline)}`,
    ratio: pair.ratio,
    goal: 'ratio ≥ 0.95',
    met: pair.ratio >= 0.95,
    numbers: [pair.subject.rps, pair.baseline.rps, pair.ratio],
    notes: [
      'Hardening is switched off in a bench-generated copy of the compiled CMS (plugin `enabled: false`, its middlewares removed from the stack); the product has no switch and needs none.',
    ],
  };
}
