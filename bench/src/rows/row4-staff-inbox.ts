import fs from 'node:fs';
import path from 'node:path';
import type { BenchContext } from '../context';
import { seedSubmissions } from '../fixtures/seed-submissions';
import { clinicianSession, ensureForm } from '../fixtures/portal-setup';
import type { LoadSpec, PreparedRequest } from '../load/spec';
import type { RowResult } from '../model';
import { assertMostlyOk, describeLoad, measurePair, type PairSummary } from '../pairs';
import { DEMO_FORM } from './row1-cms-intake';

const GOAL = 2;

function result(id: string, measure: string, pair: PairSummary, subject: string, baseline: string, notes: string[]): RowResult {
  // Slowdown: how many times the baseline's throughput the staff API needs (same connections, so ≈ latency ratio).
  const slowdown = pair.ratio > 0 ? 1 / pair.ratio : Number.NaN;
  return {
    row: id,
    measure,
    subject: `${subject}: ${describeLoad(pair.subject)}`,
    baseline: `${baseline}: ${describeLoad(pair.baseline)}`,
    ratio: slowdown,
    goal: '≤ 2× (ratio = baseline req/s ÷ Palisade req/s)',
    met: slowdown <= GOAL,
    numbers: [pair.subject.rps, pair.subject.p50, pair.baseline.rps, slowdown],
    notes,
  };
}

/**
 * Row 4: what a clinician waits for. The inbox's first page and one submission
 * view (decrypt, mask, audit) through the real staff API with a real session,
 * against plain indexed SELECTs of the same rows, at each table size.
 */
export async function row4(ctx: BenchContext): Promise<RowResult[]> {
  const portal = await ctx.portal();
  const [bare, sodium, ks] = await Promise.all([ctx.barePortal(), ctx.sodium(), portal.keySet()]);
  const clinic = await ensureForm(portal, DEMO_FORM);
  const results: RowResult[] = [];
  for (const size of ctx.opts.inboxSizes) {
    const t0 = Date.now();
    const { clinicId, sample } = await seedSubmissions(
      sodium,
      { dbUrl: portal.db.url, form: DEMO_FORM, kid: ks.kid, publicKey: ks.publicKey },
      size,
      2000,
    );
    const seededIn = ((Date.now() - t0) / 1000).toFixed(0);
    const session = await clinicianSession(portal, clinic);
    const common = {
      method: 'GET' as const,
      connections: ctx.opts.connections,
      durationSeconds: ctx.opts.seconds,
      amount: ctx.opts.amount,
    };
    const label = size.toLocaleString('en-US');

    const inbox = await measurePair(ctx.opts, async () => ({
      subject: { ...common, url: `${portal.staffUrl}/api/submissions?limit=50`, headers: { cookie: session.cookie } },
      baseline: { ...common, url: `${bare.url}/bare/inbox?clinic=${clinicId}` },
    }));
    assertMostlyOk('staff inbox', inbox.subject);
    assertMostlyOk('bare inbox', inbox.baseline);

    const viewFile = (prefix: string) => {
      const file = path.join(ctx.root, `row4-${prefix.replace(/\W+/g, '-')}-${size}.json`);
      const reqs: PreparedRequest[] = [];
      for (let i = 0; i < common.amount; i++) reqs.push({ path: `${prefix}${sample[i % sample.length]}` });
      fs.writeFileSync(file, JSON.stringify(reqs));
      return file;
    };
    const viewSpec = (url: string, prefix: string, headers?: Record<string, string>): LoadSpec => ({
      ...common,
      url,
      headers,
      requestsFile: viewFile(prefix),
    });
    const view = await measurePair(ctx.opts, async () => ({
      subject: viewSpec(portal.staffUrl, '/api/submissions/', { cookie: session.cookie }),
      baseline: viewSpec(bare.url, '/bare/view/'),
    }));
    assertMostlyOk('staff view', view.subject);
    assertMostlyOk('bare view', view.baseline);

    // Second baseline: the same reads plus the one durable audit write each needs.
    const inboxAudited = await measurePair(ctx.opts, async () => ({
      subject: { ...common, url: `${portal.staffUrl}/api/submissions?limit=50`, headers: { cookie: session.cookie } },
      baseline: { ...common, url: `${bare.url}/bare/inbox-audited?clinic=${clinicId}` },
    }));
    const viewAudited = await measurePair(ctx.opts, async () => ({
      subject: viewSpec(portal.staffUrl, '/api/submissions/', { cookie: session.cookie }),
      baseline: viewSpec(bare.url, '/bare/view-audited/'),
    }));
    assertMostlyOk('bare audited inbox', inboxAudited.baseline);
    assertMostlyOk('bare audited view', viewAudited.baseline);
    const auditedNote = (what: string, pair: PairSummary) =>
      `Against the audited floor (bare Fastify: the same SELECT plus one audit-row INSERT, committed in one transaction; no session, RLS, decryption or hash chain), ${what}: ${describeLoad(pair.baseline)}; Palisade ${describeLoad(pair.subject)}; ${(1 / pair.ratio).toFixed(2)}× (median of per-round ratios).`;

    const seedNote = `The table holds ${label} submissions of one clinic, all 4 KB sealed boxes: row 2's intakes (portal and bare) plus SQL seeding up to the total (${seededIn} s); signed in as a clinician of that clinic through password + TOTP.`;
    results.push(
      result(
        `4 (${label})`,
        `staff inbox first page (50), ${label} submissions`,
        inbox,
        '`GET /api/submissions?limit=50`',
        'indexed SELECT … ORDER BY received_at DESC LIMIT 50',
        [seedNote, auditedNote('inbox', inboxAudited)],
      ),
      result(
        `4 (${label})`,
        `staff view (decrypt, mask, audit), ${label} submissions`,
        view,
        '`GET /api/submissions/:id`',
        'SELECT * … WHERE id = $1',
        [
          `Views cycle over ${sample.length} sampled ids; each Palisade view decrypts, masks for the role and appends a hash-chained audit event.`,
          auditedNote('view', viewAudited),
        ],
      ),
    );
  }
  return results;
}
