import { checkQ1 } from './checks/q1-public-site';
import { checkQ2 } from './checks/q2-impersonation';
import { checkQ3 } from './checks/q3-matrix';
import { checkQ4 } from './checks/q4-audit';
import { VerifyContext } from './context';
import type { VerifyOptions } from './options';
import { summarize, type Report } from './report';
import { awaitDelivery, setUp } from './setup';

/** One verify run against a live stack; never throws for a failed check, only records it. */
export async function runVerify(options: VerifyOptions): Promise<Report> {
  const ctx = new VerifyContext(options);
  await ctx.init();
  const probe = await setUp(ctx);
  await awaitDelivery(ctx, probe);
  const auditor = probe.signedIn.find((p) => p.account.role === 'auditor');
  await checkQ1(ctx, { envelope: probe.cmsEnvelope });
  await checkQ2(ctx, probe.replayEnvelope, auditor?.session);
  await checkQ3(ctx, probe.signedIn, probe.submissions);
  await checkQ4(ctx, probe.signedIn, probe.submissions);
  for (const p of probe.signedIn) await p.session.call('POST', '/api/auth/logout').catch(() => undefined);
  const summary = summarize(ctx.checks);
  return {
    startedAt: ctx.startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    target: { cmsUrl: options.cmsUrl, portalUrl: options.portalUrl, intakeUrl: options.intakeUrl },
    ok: summary.fail === 0,
    summary,
    checks: ctx.checks,
    tables: ctx.tables,
    facts: ctx.facts,
  };
}
