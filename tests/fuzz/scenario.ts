import { loadCmsConfig } from '@palisade/config';
import type { Stack } from '../helpers/stack';
import { outboxIds } from '../drills/support/cms-db';
import { fetchKeySet, postSignedIntake, postToCms, sealTo } from '../drills/support/envelopes';
import { submissionIds, withPortalDb } from '../drills/support/portal-db';
import { envelopeMutations, intakeMutations } from './arbitraries';
import { fuzz, type FuzzTally } from './run-fuzz';

/** The documented refusals of each intake (CMS: plugin README; portal: protocol README §6). */
export const CMS_DOCUMENTED = [400, 404, 413, 415, 429] as const;
export const PORTAL_DOCUMENTED = [400, 401, 409, 413, 415, 422] as const;

/** Limits high enough that the fuzzer measures validation, not the rate limiter. */
export const FUZZ_STACK_ENV = { CMS_RATE_LIMIT_INTAKE_PER_MINUTE: '10000000', CMS_RATE_LIMIT_PUBLIC_PER_MINUTE: '10000000' };

export interface FuzzOutcome {
  cms: FuzzTally;
  portal: FuzzTally;
  cmsOutboxRows: number;
  portalSubmissions: number;
}

/**
 * Both fuzzers against a fresh stack: generated and mutated envelopes to the
 * CMS's public intake, then signed-but-malformed bodies to the portal's
 * internal intake. Stops the portal at the end to count what it stored (it
 * must be nothing) and starts it again.
 */
export async function runFuzzScenario(stack: Stack, opts: { count: number; seed: number; concurrency?: number; form?: string }): Promise<FuzzOutcome> {
  const cmsConfig = loadCmsConfig(stack.env);
  const doc = await fetchKeySet(stack.portalUrl);
  const valid = await sealTo(doc, opts.form ?? 'new-patient-intake', { fuzz: 'never sent as is' });
  const concurrency = opts.concurrency ?? 8;
  const cms = await fuzz(envelopeMutations(valid, { maxBytes: cmsConfig.intakeMaxBytes }), { count: opts.count, seed: opts.seed, concurrency, allowed: CMS_DOCUMENTED }, (c) =>
    postToCms(stack.cmsUrl, c.body, c.contentType),
  );
  const signer = { keyId: cmsConfig.signing.keyId, privateKey: cmsConfig.signing.privateKeyPem };
  const portal = await fuzz(intakeMutations(valid, { maxBytes: 65536 }), { count: opts.count, seed: opts.seed + 1, concurrency, allowed: PORTAL_DOCUMENTED }, (c) =>
    postSignedIntake(stack.intakeUrl, c.body, signer, { contentType: c.contentType }),
  );
  const cmsOutboxRows = outboxIds(stack.home).length;
  await stack.stop('portal');
  let portalSubmissions: number;
  try {
    portalSubmissions = await withPortalDb(stack.home, async (dbs) => (await submissionIds(dbs)).length, stack.env);
  } finally {
    await stack.start('portal');
  }
  return { cms, portal, cmsOutboxRows, portalSubmissions };
}
