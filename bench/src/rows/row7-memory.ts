import type { BenchContext } from '../context';
import { createBodyOf, ENVELOPE_BYTES } from '../fixtures/envelopes';
import { runLoad } from '../load/run-load';
import type { RowResult } from '../model';
import { PendingError } from '../model';
import type { Memory } from '../procs/service';
import { round } from '../stats';

const mib = (n: number) => `${round(n, 0)} MiB`;
const fmt = (idle: Memory | undefined, peak: Memory) => `idle ${idle ? mib(idle.rssMiB) : '?'}, peak ${mib(peak.peakMiB)}`;

/**
 * Row 7: resident memory as the kernel counts it (VmRSS after boot and a
 * settle; VmHWM, the high-water mark, after load). Runs last, so the product
 * CMS's peak includes the intake load of row 1 and the portal's rows 2-4.
 */
export async function row7(ctx: BenchContext): Promise<RowResult> {
  const [product, vanilla] = await Promise.all([ctx.cmsVariant('product'), ctx.cmsVariant('vanilla')]);
  if (!product.token || !vanilla.token) throw new Error('bench CMS without an API token');
  const body = createBodyOf(ENVELOPE_BYTES);
  // The same read and write load on both, so vanilla's peak is not an idle figure.
  for (const cms of [product, vanilla]) {
    const common = { connections: ctx.opts.connections, durationSeconds: ctx.opts.seconds, amount: ctx.opts.amount };
    await runLoad({ ...common, method: 'GET', url: `${cms.url}/api/service-pages` });
    await runLoad({
      ...common,
      method: 'POST',
      url: `${cms.url}/api/bench-entries`,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${cms.token}` },
      body,
    });
  }
  const productMem = product.service.memory();
  const vanillaMem = vanilla.service.memory();
  ctx.notePeak(product.service.name, productMem);
  ctx.notePeak(vanilla.service.name, vanillaMem);

  let portalText = 'portal: not run';
  const numbers = [productMem.peakMiB, vanillaMem.peakMiB];
  try {
    const portal = await ctx.portal();
    const m = portal.service.memory();
    portalText = `portal: ${fmt(ctx.memory.get(portal.service.name)?.idle, m)}`;
    numbers.push(m.peakMiB);
  } catch (err) {
    if (!(err instanceof PendingError)) throw err;
    portalText = `portal: not run (${err.message})`;
  }
  return {
    row: '7',
    measure: 'resident memory, idle and peak under load',
    subject: `CMS (both plugins): ${fmt(ctx.memory.get(product.service.name)?.idle, productMem)}; ${portalText}`,
    baseline: `vanilla Strapi (same content, plugins off): ${fmt(ctx.memory.get(vanilla.service.name)?.idle, vanillaMem)}`,
    ratio: productMem.peakMiB / vanillaMem.peakMiB,
    goal: 'report',
    met: null,
    numbers,
    notes: [
      'Ratio = CMS peak ÷ vanilla peak. Both CMS copies got the same public read and token-create load here; the product CMS also carried row 1\'s intake load when it ran. The portal\'s peak covers rows 2-4.',
    ],
  };
}
