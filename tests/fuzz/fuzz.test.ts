import type { Stack } from '../helpers/stack';
import { startNodeStack } from '../drills/support/node-stack';
import { formatTally } from './run-fuzz';
import { FUZZ_STACK_ENV, runFuzzScenario, type FuzzOutcome } from './scenario';

/**
 * CI fuzz: a fixed seed and 600 cases per intake (a few seconds each on two
 * cores); `npm run fuzz` sends 10,000 per intake with a fresh seed.
 */
const SEED = 20261204;
const COUNT = 600;

describe('bounded fuzz of both intakes (fixed seed)', () => {
  let stack: Stack;
  let outcome: FuzzOutcome;

  beforeAll(async () => {
    stack = await startNodeStack(FUZZ_STACK_ENV);
    outcome = await runFuzzScenario(stack, { count: COUNT, seed: SEED });
    process.stderr.write(`${formatTally('CMS intake', outcome.cms)}\n${formatTally('portal intake', outcome.portal)}\n`);
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('answers every mutated envelope at the CMS with a documented 4xx', () => {
    expect(outcome.cms.sent).toBe(COUNT);
    const classes = [...new Set(outcome.cms.violations.map((v) => `${v.kind} (${v.contentType}) → ${v.status}`))];
    expect(classes).toEqual([]);
  });

  it('answers every signed-but-malformed request at the portal with a documented 4xx', () => {
    expect(outcome.portal.sent).toBe(COUNT);
    const classes = [...new Set(outcome.portal.violations.map((v) => `${v.kind} (${v.contentType}) → ${v.status}`))];
    expect(classes).toEqual([]);
  });

  it('stores nothing on either side', () => {
    expect(outcome.cmsOutboxRows).toBe(0);
    expect(outcome.portalSubmissions).toBe(0);
  });
});
