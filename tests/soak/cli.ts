import { startNodeStack } from '../drills/support/node-stack';
import { formatSoak, soak, SOAK_STACK_ENV, type SoakOptions } from './soak';

/** `npm run soak`: 60 s on a fresh loopback stack, portal restarted twice and the CMS once; stops by itself. */
async function main(): Promise<number> {
  const i = process.argv.indexOf('--seconds');
  const seconds = i > 0 ? Number(process.argv[i + 1]) : 60;
  const opts: SoakOptions = {
    durationMs: seconds * 1000,
    clients: 6,
    pauseMs: 20,
    chaos: [
      { at: 0.15, name: 'portal' },
      { at: 0.35, name: 'cms' },
      { at: 0.75, name: 'portal' },
    ],
    drainTimeoutMs: 120_000,
    log: (l) => process.stderr.write(`${l}\n`),
  };
  process.stderr.write(`soak: starting a fresh stack for ${seconds} s\n`);
  const stack = await startNodeStack(SOAK_STACK_ENV);
  try {
    const r = await soak(stack, opts);
    process.stdout.write(`${formatSoak(r, opts)}\n`);
    return r.lost.length === 0 && r.duplicates === 0 && r.outboxLeft === 0 ? 0 : 1;
  } finally {
    await stack.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`soak could not run: ${(err as Error).message}\n`);
    process.exit(2);
  },
);
