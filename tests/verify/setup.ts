import fs from 'node:fs';
import type { EnvelopeV1 } from '@palisade/protocol';
import type { VerifyContext } from './context';
import { field } from './http';
import { loadProbes, probeLabel, signIn } from './probes';
import { PROBE_FIELDS, type ProbeSubmission, type SignedInProbe } from './checks/q3-matrix';

export interface Probe {
  signedIn: SignedInProbe[];
  /** The browser-path probe: sealed with a canary, sent to the CMS. */
  cmsEnvelope?: EnvelopeV1;
  /** One probe submission per clinic, the matrix targets. */
  submissions: ProbeSubmission[];
  /** An accepted-once envelope for the replay check. */
  replayEnvelope?: EnvelopeV1;
}

export const probeFormSlug = (clinic: string) => `verify-probe-${clinic}`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Signs the probe accounts in, registers one probe form per clinic (admin),
 * sends a canary submission through the CMS like a browser, and one signed
 * submission per clinic straight to the intake like the CMS. Setup problems are
 * recorded as failed checks so the report says what could not be probed.
 */
export async function setUp(ctx: VerifyContext): Promise<Probe> {
  const probe: Probe = { signedIn: [], submissions: [] };
  const o = ctx.options;
  const accounts = o.probesFile && fs.existsSync(o.probesFile) ? loadProbes(o.probesFile) : [];
  if (accounts.length === 0) ctx.record('Q3', 'setup.probes', 'Probe accounts available', 'fail', [`no probe accounts in ${o.probesFile ?? '(none given)'}`]);
  const signInErrors: string[] = [];
  for (const account of accounts) {
    try {
      const session = await signIn(o.portalUrl, account);
      const me = await session.call('GET', '/api/me');
      const id = field(me.body, 'id');
      probe.signedIn.push({ account, session, staffId: typeof id === 'string' ? id : undefined });
    } catch (err) {
      signInErrors.push((err as Error).message);
    }
  }
  if (accounts.length) {
    ctx.record('Q3', 'setup.signin', 'Probe accounts sign in with password and TOTP', signInErrors.length ? 'fail' : 'pass', [
      `${probe.signedIn.length}/${accounts.length} signed in: ${probe.signedIn.map((p) => probeLabel(p.account)).join(', ')}`,
      ...signInErrors,
    ]);
  }

  // Browser path through the CMS with a canary answer (Q1 scans for it; Q4 reads it).
  try {
    const env = await ctx.seal(o.cmsEnv.VERIFY_CMS_FORM ?? 'new-patient-intake', { [PROBE_FIELDS.contact]: 'verify@example.invalid', [PROBE_FIELDS.clinical]: ctx.canary });
    const res = await ctx.submitToCms(env);
    if (res.status === 202) probe.cmsEnvelope = env;
    ctx.record('Q1', 'setup.cms-submit', 'A sealed probe submission is accepted by the CMS', res.status === 202 ? 'pass' : 'fail', [
      `POST /api/secure-forms/submissions → ${res.status} ${JSON.stringify(field(res.body, 'status') ?? field(res.body, 'error', 'message') ?? '')}`,
    ]);
  } catch (err) {
    ctx.record('Q1', 'setup.cms-submit', 'A sealed probe submission is accepted by the CMS', 'fail', [(err as Error).message]);
  }

  // One probe form and submission per clinic of the clinical probes.
  const admin = probe.signedIn.find((p) => p.account.role === 'admin');
  const clinics = [...new Set(probe.signedIn.map((p) => p.account.clinic).filter((c): c is string => !!c))].sort();
  const problems: string[] = [];
  for (const clinic of clinics) {
    const slug = probeFormSlug(clinic);
    if (admin) {
      const res = await admin.session.call('POST', '/api/admin/forms', {
        slug,
        clinic,
        title: `Verify probe (${clinic})`,
        definition: [
          { key: PROBE_FIELDS.contact, label: 'Contact email', type: 'email', sensitivity: 'contact' },
          { key: PROBE_FIELDS.clinical, label: 'Clinical note', type: 'textarea', sensitivity: 'clinical' },
        ],
        retentionDays: 1,
      });
      if (res.status !== 201 && res.status !== 409) problems.push(`register ${slug} → ${res.status}`);
    }
    try {
      const env = await ctx.seal(slug, { [PROBE_FIELDS.contact]: 'verify@example.invalid', [PROBE_FIELDS.clinical]: `probe note ${clinic}` });
      const { res } = await ctx.signedIntake(JSON.stringify(env));
      if (res.status === 201 || res.status === 200) probe.submissions.push({ id: env.id, clinic });
      else problems.push(`intake of the ${clinic} probe → ${res.status} ${JSON.stringify(field(res.body, 'detail') ?? '')}`);
      if (!probe.replayEnvelope) probe.replayEnvelope = await ctx.seal(slug, { [PROBE_FIELDS.contact]: 'replay@example.invalid' });
    } catch (err) {
      problems.push(`probe submission for ${clinic}: ${(err as Error).message}`);
    }
  }
  ctx.record('Q3', 'setup.submissions', 'One probe submission per clinic reaches the portal', problems.length === 0 && probe.submissions.length > 0 ? 'pass' : 'fail', [
    `${probe.submissions.length} probe submissions: ${probe.submissions.map((s) => `${s.clinic} ${s.id}`).join(', ') || 'none'}`,
    ...problems,
  ]);
  return probe;
}

/** Waits until the CMS has forwarded the browser-path probe (it appears in a clinician's inbox). */
export async function awaitDelivery(ctx: VerifyContext, probe: Probe): Promise<void> {
  const env = probe.cmsEnvelope;
  if (!env) return;
  // The form's clinic is the portal's business: ask every clinician until one inbox shows it.
  const readers = probe.signedIn.filter((p) => p.account.role === 'clinician');
  const deadline = Date.now() + ctx.options.deliveryTimeoutMs;
  let seen = false;
  while (readers.length && Date.now() < deadline && !seen) {
    for (const reader of readers) {
      const list = await reader.session.call('GET', '/api/submissions?limit=100');
      seen ||= ((field(list.body, 'items') as Array<{ id: string }> | undefined) ?? []).some((i) => i.id === env.id);
    }
    if (!seen) await sleep(1000);
  }
  ctx.record('Q1', 'setup.delivered', 'The CMS forwarded the probe submission and the portal filed it', seen ? 'pass' : 'fail', [
    seen ? `${env.id} is in the inbox of a clinician` : `${env.id} not in any probed inbox after ${ctx.options.deliveryTimeoutMs} ms`,
  ]);
}
