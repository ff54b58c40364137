import type { Stack } from '../helpers/stack';
import { startNodeStack } from '../drills/support/node-stack';
import { formatSoak, soak, SOAK_STACK_ENV, type SoakOptions, type SoakResult } from './soak';

/** CI soak: 20 s, the portal restarted twice and the CMS once; `npm run soak` runs 60 s. */
describe('bounded soak with restarts', () => {
  let stack: Stack;
  let result: SoakResult;
  const opts: SoakOptions = {
    durationMs: 20_000,
    clients: 4,
    pauseMs: 30,
    chaos: [
      { at: 0.15, name: 'portal' },
      { at: 0.4, name: 'portal' },
      { at: 0.6, name: 'cms' },
    ],
    drainTimeoutMs: 90_000,
  };

  beforeAll(async () => {
    stack = await startNodeStack(SOAK_STACK_ENV);
    result = await soak(stack, opts);
    process.stderr.write(`${formatSoak(result, opts)}\n`);
  }, 300_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('acknowledged submissions while both processes restarted', () => {
    expect(result.restarts).toHaveLength(3);
    expect(result.accepted).toBeGreaterThan(0);
  });

  it('has every acknowledged submission in the portal exactly once', () => {
    expect(result.lost).toEqual([]);
    expect(result.duplicates).toBe(0);
    expect(result.delivered).toBe(result.accepted);
  });

  it('leaves the CMS outbox empty', () => {
    expect(result.outboxLeft).toBe(0);
  });
});
