import { randomUUID } from 'node:crypto';
import type { Stack } from '../helpers/stack';
import { outboxIds } from '../drills/support/cms-db';
import { fetchKeySet, postToCms, sealTo, type KeySetDoc } from '../drills/support/envelopes';
import { auditEvents, submissionIds, withPortalDb } from '../drills/support/portal-db';

export interface SoakOptions {
  durationMs: number;
  clients: number;
  /** Pause of each client between two submissions. */
  pauseMs: number;
  /** Fractions of the duration at which to restart a process. */
  chaos: Array<{ at: number; name: 'portal' | 'cms' }>;
  drainTimeoutMs: number;
  form?: string;
  log?: (line: string) => void;
}

export interface SoakResult {
  sent: number;
  accepted: number;
  refused: Record<string, number>;
  delivered: number;
  duplicates: number;
  lost: string[];
  /** In the portal but never acknowledged to a client (the CMS stored it, then its answer was cut): not a loss. */
  unacknowledgedDelivered: number;
  outboxLeft: number;
  p50Ms: number;
  p99Ms: number;
  restarts: string[];
  drainMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * Steady submissions from several clients through the CMS while the portal and
 * the CMS are restarted; then waits for the outbox to drain and compares what
 * each client was told (202) with what the portal holds.
 */
export async function soak(stack: Stack, opts: SoakOptions): Promise<SoakResult> {
  const log = opts.log ?? (() => undefined);
  const form = opts.form ?? 'new-patient-intake';
  let keySet: KeySetDoc = await fetchKeySet(stack.portalUrl);
  const acked = new Set<string>();
  const latencies: number[] = [];
  const refused: Record<string, number> = {};
  let sent = 0;
  const restarts: string[] = [];
  const start = Date.now();
  const stopAt = start + opts.durationMs;

  const client = async () => {
    while (Date.now() < stopAt) {
      const id = randomUUID();
      const env = await sealTo(keySet, form, { soak: `client answer ${id}` }, id);
      sent++;
      try {
        const res = await postToCms(stack.cmsUrl, JSON.stringify(env));
        if (res.status === 202) {
          acked.add(id);
          latencies.push(res.ms);
        } else refused[res.status] = (refused[res.status] ?? 0) + 1;
      } catch {
        refused.network = (refused.network ?? 0) + 1;
        // The CMS is restarting: a browser would not hammer it either.
        await sleep(250);
      }
      await sleep(opts.pauseMs);
    }
  };

  const chaos = async () => {
    for (const step of [...opts.chaos].sort((a, b) => a.at - b.at)) {
      const wait = start + step.at * opts.durationMs - Date.now();
      if (wait > 0) await sleep(wait);
      const t0 = Date.now();
      await stack.restart(step.name);
      restarts.push(`${step.name} at ${((t0 - start) / 1000).toFixed(1)} s (down ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
      log(`soak: restarted ${step.name}`);
      if (step.name === 'portal') keySet = await fetchKeySet(stack.portalUrl).catch(() => keySet);
    }
  };

  await Promise.all([...Array.from({ length: opts.clients }, client), chaos()]);
  log(`soak: sending done (${sent} sent, ${acked.size} acknowledged); waiting for the outbox to drain`);

  const drainStart = Date.now();
  let outboxLeft = outboxIds(stack.home).length;
  while (outboxLeft > 0 && Date.now() - drainStart < opts.drainTimeoutMs) {
    await sleep(1000);
    outboxLeft = outboxIds(stack.home).length;
  }
  const drainMs = Date.now() - drainStart;

  await stack.stop('portal');
  const { stored, accepts } = await withPortalDb(stack.home, async (dbs) => ({ stored: await submissionIds(dbs), accepts: await auditEvents(dbs, 'intake.accepted') }), stack.env);
  await stack.start('portal');

  const inPortal = new Set(stored);
  const acceptsPerId = new Map<string, number>();
  for (const a of accepts) if (a.resource_id) acceptsPerId.set(a.resource_id, (acceptsPerId.get(a.resource_id) ?? 0) + 1);
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    sent,
    accepted: acked.size,
    refused,
    delivered: [...acked].filter((id) => inPortal.has(id)).length,
    // A submission stored twice would need two rows with one id (the primary key forbids it) or two accepting intakes.
    duplicates: stored.length - inPortal.size + [...acceptsPerId.values()].filter((n) => n > 1).length,
    lost: [...acked].filter((id) => !inPortal.has(id)),
    unacknowledgedDelivered: stored.filter((id) => !acked.has(id)).length,
    outboxLeft,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    restarts,
    drainMs,
  };
}

export function formatSoak(r: SoakResult, opts: SoakOptions): string {
  return [
    `soak: ${opts.clients} clients for ${(opts.durationMs / 1000).toFixed(0)} s; restarts: ${r.restarts.join('; ') || 'none'}`,
    `  sent ${r.sent}, accepted (202) ${r.accepted}, delivered ${r.delivered}, duplicates ${r.duplicates}, lost ${r.lost.length}`,
    `  refused while a process was down: ${JSON.stringify(r.refused)}; delivered without a 202 reaching the client: ${r.unacknowledgedDelivered}`,
    `  CMS outbox left ${r.outboxLeft} (drained in ${(r.drainMs / 1000).toFixed(1)} s); latency of accepted submissions p50 ${r.p50Ms.toFixed(1)} ms, p99 ${r.p99Ms.toFixed(1)} ms`,
  ].join('\n');
}

/** Sweeps often so that rows queued while the portal was down go out within seconds. */
export const SOAK_STACK_ENV = {
  CMS_OUTBOX_SWEEP_CRON: '*/2 * * * * *',
  CMS_RATE_LIMIT_INTAKE_PER_MINUTE: '10000000',
  CMS_RATE_LIMIT_PUBLIC_PER_MINUTE: '10000000',
  LOG_LEVEL: 'warn',
};
