import { startNodeStack } from '../drills/support/node-stack';
import { formatTally } from './run-fuzz';
import { FUZZ_STACK_ENV, runFuzzScenario } from './scenario';

/** `npm run fuzz [-- --count N --seed S]`: the long run (10,000 cases per intake) on a fresh loopback stack. */
async function main(): Promise<number> {
  const arg = (name: string, fallback: number) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : fallback;
  };
  const count = arg('count', 10_000);
  const seed = arg('seed', Date.now() % 2 ** 31);
  process.stderr.write(`fuzz: starting a fresh stack; ${count} cases per intake, seed ${seed}\n`);
  const stack = await startNodeStack(FUZZ_STACK_ENV);
  try {
    const t0 = Date.now();
    const r = await runFuzzScenario(stack, { count, seed });
    const out = [
      formatTally('CMS intake (POST /api/secure-forms/submissions)', r.cms),
      formatTally('portal intake (POST /internal/intake, signed)', r.portal),
      `rows stored: CMS outbox ${r.cmsOutboxRows}, portal submissions ${r.portalSubmissions}`,
      `5xx: ${[r.cms, r.portal].reduce((n, t) => n + Object.entries(t.byStatus).filter(([s]) => Number(s) >= 500).reduce((a, [, c]) => a + c, 0), 0)}; took ${((Date.now() - t0) / 1000).toFixed(1)} s; seed ${seed}`,
      ...[...r.cms.violations, ...r.portal.violations].slice(0, 20).map((v) => `  violation: ${v.kind} (${v.contentType}) → ${v.status} ${v.body}`),
    ];
    process.stdout.write(out.join('\n') + '\n');
    const ok = r.cms.violations.length === 0 && r.portal.violations.length === 0 && r.cmsOutboxRows === 0 && r.portalSubmissions === 0;
    return ok ? 0 : 1;
  } finally {
    await stack.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`fuzz could not run: ${(err as Error).message}\n`);
    process.exit(2);
  },
);
