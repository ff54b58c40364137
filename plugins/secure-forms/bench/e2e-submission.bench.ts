/**
 * One end-to-end submission, measured (not a test): seal in the widget code
 * path, POST to the real CMS, signed forward to the real portal, receipt
 * verified, outbox row shredded, 202 "delivered" back. Sequential, after a
 * warm-up, so each number is one submission's latency on this machine.
 *
 *   npx jest --testMatch '<rootDir>/plugins/secure-forms/bench/*.bench.ts' --testTimeout 600000
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import sodium = require('libsodium-wrappers');
import { parseDefinition } from '../widget/src/definition';
import { encryptSubmission } from '../widget/src/encrypt';
import { bootCmsFor, publishForm } from '../test/helpers/cms';
import { captureStdout } from '../test/helpers/log-capture';
import { startRealPortal } from '../test/helpers/real-portal';

const WARMUP = 20;
const RUNS = Number(process.env.BENCH_RUNS ?? 200);

it('e2e submission latency', async () => {
  await sodium.ready;
  const portal = await startRealPortal(['bench-form']);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-bench-'));
  const quiet = captureStdout();
  const cms = await bootCmsFor(portal, portal.cmsKey, { CMS_DATABASE_FILENAME: path.join(dir, 'cms.db') });
  try {
    await publishForm(cms.strapi, 'bench-form');
    const server = cms.strapi.server.httpServer;
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const listed = (await (await fetch(`${base}/api/secure-forms?filters[slug][$eq]=bench-form&populate=fields`)).json()) as { data: unknown[] };
    const definition = parseDefinition(JSON.parse(JSON.stringify(listed.data[0])));
    const document: unknown = JSON.parse(JSON.stringify(await (await fetch(`${portal.url}/intake/keys`)).json()));

    const once = async () => {
      const t0 = process.hrtime.bigint();
      const envelope = await encryptSubmission(definition, { name: 'Bench Person', reason: 'x'.repeat(300) }, { document, pin: portal.pin }, { sodium });
      const res = await fetch(`${base}/api/secure-forms/submissions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(envelope) });
      const body = (await res.json()) as { status?: string };
      if (res.status !== 202 || body.status !== 'delivered') throw new Error(`not delivered: ${res.status}`);
      return Number(process.hrtime.bigint() - t0) / 1e6;
    };
    for (let i = 0; i < WARMUP; i++) await once();
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) times.push(await once());
    times.sort((a, b) => a - b);
    const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(1);
    quiet.restore();
    process.stdout.write(`e2e submission (seal → CMS → portal receipt → shred), n=${RUNS}: p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms\n`);
  } finally {
    quiet.restore();
    await cms.stop();
    await portal.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 600_000);
