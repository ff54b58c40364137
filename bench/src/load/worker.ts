import fs from 'node:fs';
import autocannon = require('autocannon');
import type { LoadResult, LoadSpec, PreparedRequest } from './spec';

/**
 * The load generator, always in its own process (forked by run-load.ts) so its
 * CPU never counts against the server under test. Answers one spec and exits.
 */
async function run(spec: LoadSpec): Promise<LoadResult> {
  const prepared: PreparedRequest[] | undefined = spec.requestsFile
    ? (JSON.parse(fs.readFileSync(spec.requestsFile, 'utf8')) as PreparedRequest[])
    : undefined;
  let next = 0;
  const amount = prepared ? Math.min(spec.amount, prepared.length) : spec.amount;
  // autocannon ignores `duration` once `amount` is set, so the count bound is enforced here.
  let instance: { stop(): void } | undefined;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url: spec.url,
        connections: spec.connections,
        duration: spec.durationSeconds,
        timeout: 30,
        requests: [
          {
            method: spec.method,
            headers: spec.headers,
            body: spec.body,
            setupRequest: (req) => {
              if (++next >= amount) instance?.stop();
              if (!prepared) return req;
              // Wraps only for the few requests already in flight when the bound stops the run.
              const item = prepared[(next - 1) % prepared.length] as PreparedRequest;
              return {
                ...req,
                ...(item.path ? { path: item.path } : {}),
                ...(item.body !== undefined ? { body: item.body } : {}),
                headers: { ...req.headers, ...item.headers },
              };
            },
          },
        ],
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
  });
  const requests = result['2xx'] + result.non2xx;
  return {
    rps: result.duration > 0 ? requests / result.duration : 0,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    seconds: result.duration,
    statuses: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([k, v]) => [k, v.count])),
  };
}

process.once('message', (spec: LoadSpec) => {
  run(spec).then(
    (result) => process.send?.({ ok: true, result }, () => process.exit(0)),
    (err: unknown) => process.send?.({ ok: false, error: err instanceof Error ? err.message : String(err) }, () => process.exit(1)),
  );
});
