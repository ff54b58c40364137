import path from 'node:path';
import type { BenchContext } from '../context';
import { ensureForm } from '../fixtures/portal-setup';
import { writeEnvelopes, writeSignedIntakes } from '../fixtures/signed-intake';
import type { RowResult } from '../model';
import { assertMostlyOk, describeLoad, measurePair } from '../pairs';
import { DEMO_FORM } from './row1-cms-intake';

/**
 * Row 2: the portal's intake (signature and digest verify, nonce, open,
 * idempotency, insert, audit, signed receipt) against a bare Fastify route
 * inserting the same row with node-postgres into the same database.
 */
export async function row2(ctx: BenchContext): Promise<RowResult> {
  const portal = await ctx.portal();
  const [bare, sodium, ks] = await Promise.all([ctx.barePortal(), ctx.sodium(), portal.keySet()]);
  await ensureForm(portal, DEMO_FORM);
  const count = ctx.opts.amount;
  // Each round signs fresh requests (nonces are single-use) and seals fresh envelopes.
  const against = (baselinePath: string, tag: string) => async (round: number) => {
    const signed = path.join(ctx.root, `row2-signed-${tag}${round}.json`);
    const plain = path.join(ctx.root, `row2-plain-${tag}${round}.json`);
    const target = { form: DEMO_FORM, kid: ks.kid, publicKey: ks.publicKey };
    writeSignedIntakes(sodium, { ...target, url: portal.intakeUrl, keyId: portal.cmsKey.keyId, privateKey: portal.cmsKey.privateKey }, count, signed);
    writeEnvelopes(sodium, target, count, plain);
    const common = { method: 'POST' as const, connections: ctx.opts.connections, durationSeconds: ctx.opts.seconds, amount: count };
    return {
      subject: { ...common, url: portal.intakeUrl, requestsFile: signed },
      baseline: { ...common, url: `${bare.url}${baselinePath}`, headers: { 'content-type': 'application/json' }, requestsFile: plain },
    };
  };
  const pair = await measurePair(ctx.opts, against('/bare/intake', ''));
  assertMostlyOk('portal intake', pair.subject);
  assertMostlyOk('bare insert', pair.baseline);
  // Second baseline: the durable writes an accepted intake must make (nonce, row, audit event) in one transaction.
  const floor = await measurePair(ctx.opts, against('/bare/intake-audited', 'floor-'));
  assertMostlyOk('bare audited insert', floor.baseline);
  return {
    row: '2',
    measure: 'portal intake req/s (signature verify, open, idempotency, insert, signed receipt)',
    subject: `\`POST /internal/intake\`: ${describeLoad(pair.subject)}`,
    baseline: `bare Fastify + pg INSERT: ${describeLoad(pair.baseline)}`,
    ratio: pair.ratio,
    goal: 'ratio ≥ 0.5',
    met: pair.ratio >= 0.5,
    numbers: [pair.subject.rps, pair.subject.p50, pair.subject.p99, pair.baseline.rps, pair.ratio],
    notes: [
      'Both on the same PostgreSQL 15 database (127.0.0.1); the portal runs its compiled server in development mode (for its first-run demo clinic, form and staff) with LOG_LEVEL=warn; the baseline connects as the superuser with a pool of 10 and inserts the same columns.',
      'Each portal request is signed ahead of the run (RFC 9421, Ed25519, fresh nonce, 300 s validity) with a CMS key the portal trusts; envelopes are 4 KB, sealed to the portal\'s current intake key.',
      `Against the durable-write floor (bare Fastify: nonce INSERT, the same submission INSERT and one audit-row INSERT, committed in one transaction; no signature, sealed-box check, receipt or hash chain): ${describeLoad(floor.baseline)}; Palisade ${describeLoad(floor.subject)}; ratio ${floor.ratio.toFixed(2)} (median of per-round ratios).`,
    ],
  };
}
