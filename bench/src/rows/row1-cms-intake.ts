import fs from 'node:fs';
import path from 'node:path';
import type { BenchContext } from '../context';
import { createBodyOf, ENVELOPE_BYTES, envelopeOf4k } from '../fixtures/envelopes';
import type { PreparedRequest } from '../load/spec';
import type { RowResult } from '../model';
import { assertMostlyOk, describeLoad, measurePair } from '../pairs';
import { round } from '../stats';

export const DEMO_FORM = 'new-patient-intake';

/**
 * Row 1: the secure intake (validate, published form, kid in the pinned key set,
 * outbox insert, one forward attempt) against Strapi's own token-authorized
 * create of an entry of the same size, in the same CMS process.
 */
export async function row1(ctx: BenchContext): Promise<RowResult> {
  const [cms, vanilla, keyset, sodium] = await Promise.all([
    ctx.cmsVariant('product'),
    ctx.cmsVariant('vanilla'),
    ctx.keyset(),
    ctx.sodium(),
  ]);
  if (!cms.token || !vanilla.token) throw new Error('a bench CMS has no API token');
  const createBody = createBodyOf(ENVELOPE_BYTES);
  const count = ctx.opts.amount;
  const createSpec = (url: string, token: string) => ({
    method: 'POST' as const,
    connections: ctx.opts.connections,
    durationSeconds: ctx.opts.seconds,
    amount: count,
    url: `${url}/api/bench-entries`,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: createBody,
  });
  const pair = await measurePair(ctx.opts, async (round) => {
    const file = path.join(ctx.root, `row1-envelopes-${round}.json`);
    const requests: PreparedRequest[] = [];
    for (let i = 0; i < count; i++) {
      requests.push({ body: JSON.stringify(envelopeOf4k(sodium, { form: DEMO_FORM, kid: keyset.kid, publicKey: keyset.publicKey })) });
    }
    fs.writeFileSync(file, JSON.stringify(requests));
    const common = { method: 'POST' as const, connections: ctx.opts.connections, durationSeconds: ctx.opts.seconds, amount: count };
    return {
      subject: {
        ...common,
        url: `${cms.url}/api/secure-forms/submissions`,
        headers: { 'content-type': 'application/json' },
        requestsFile: file,
      },
      baseline: createSpec(vanilla.url, vanilla.token as string),
    };
  });
  // The same create inside the product CMS, where hardening audits every API-token call: what that audit costs.
  const inProduct = await measurePair({ ...ctx.opts, rounds: Math.min(3, ctx.opts.rounds) }, async () => ({
    subject: createSpec(cms.url, cms.token as string),
    baseline: createSpec(vanilla.url, vanilla.token as string),
  }));
  assertMostlyOk('secure intake', pair.subject);
  assertMostlyOk('Strapi create', pair.baseline);
  return {
    row: '1',
    measure: 'CMS intake, valid 4 KB envelopes, until the outbox write',
    subject: `\`POST /api/secure-forms/submissions\`: ${describeLoad(pair.subject)}`,
    baseline: `vanilla Strapi \`POST /api/bench-entries\` (API token): ${describeLoad(pair.baseline)}`,
    ratio: pair.ratio,
    goal: 'ratio ≥ 1.0',
    met: pair.ratio >= 1.0,
    numbers: [pair.subject.rps, pair.subject.p50, pair.subject.p99, pair.baseline.rps, pair.ratio, inProduct.ratio],
    notes: [
      `Envelopes are ${ENVELOPE_BYTES} bytes of JSON, each with a fresh id; the baseline body is the same size. The intake runs in the product CMS (both plugins on); the baseline create runs in vanilla Strapi (same app and content, both plugins off), as "Strapi's own path".`,
      `The same token create inside the product CMS (hardening audits every API-token call, hash-chained): ${describeLoad(inProduct.subject)}, ${round(inProduct.ratio, 2)}× vanilla's (median of ${inProduct.rounds} rounds).`,
      'Nothing listens on the portal intake port, so each intake does its single immediate forward attempt, which fails at connect (ECONNREFUSED) and records the retry: an upper bound on the path "until the outbox write". The key set comes from a bench key-set server with a pinned fingerprint, fetched once.',
      'The baseline content type `api::bench-entry.bench-entry` (one text field, create only) and its API token exist only in the bench-generated copy of the CMS.',
    ],
  };
}
