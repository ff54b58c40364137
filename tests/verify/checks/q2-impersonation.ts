import crypto from 'node:crypto';
import { decodeBase64url, ed25519PublicKeyFromRaw, envelopeDigest, receiptSigningBytes, verifyReceipt, type EnvelopeV1, type Receipt } from '@palisade/protocol';
import { reasonOf, type VerifyContext } from '../context';
import { field, request, type StaffSession } from '../http';

interface Refusal {
  name: string;
  status: number;
  reason: string;
}

function newKeyPem(): string {
  return crypto.generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/**
 * Each way a caller other than the CMS (or a CMS request that was tampered with
 * or captured) could try the intake route. `valid` is a real probe envelope the
 * portal accepts once, so the replay is of a request that did succeed.
 */
export async function checkQ2(ctx: VerifyContext, valid: EnvelopeV1 | undefined, auditor: StaffSession | undefined): Promise<{ receipt?: Receipt }> {
  const refusals: Refusal[] = [];
  const body = JSON.stringify({ v: 1, id: crypto.randomUUID(), form: 'verify-probe', kid: 'none', ct: 'AAAA' });
  let receipt: Receipt | undefined;

  const expect401 = async (id: string, title: string, want: string[], send: () => Promise<{ status: number; reason: string }>) => {
    await ctx.check('Q2', id, title, async () => {
      const got = await send();
      refusals.push({ name: title, ...got });
      const ok = got.status === 401 && (want.length === 0 || want.includes(got.reason));
      return { status: ok ? 'pass' : 'fail', evidence: [`→ ${got.status} ${got.reason || '(no reason)'}; want 401 ${want.join(' | ')}`] };
    });
  };
  const viaRes = async (p: Promise<{ res: { status: number; body: unknown; text: string; headers: Headers } }>) => {
    const { res } = await p;
    return { status: res.status, reason: reasonOf(res) };
  };

  await expect401('Q2.1', 'Unsigned intake call refused', ['missing-signature'], async () => {
    const res = await request(ctx.options.intakeUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    return { status: res.status, reason: reasonOf(res) };
  });
  await expect401('Q2.2', "Forged signature (another key claiming the CMS's keyid) refused", ['bad-signature'], () =>
    viaRes(ctx.signedIntake(body, { keyId: ctx.cms?.signing.keyId ?? 'cms-dev-1', privateKey: newKeyPem() })),
  );
  await expect401('Q2.3', 'Wrong key (a keyid the portal does not trust) refused', ['unknown-keyid'], () =>
    viaRes(ctx.signedIntake(body, { keyId: 'verify-untrusted-key', privateKey: newKeyPem() })),
  );
  await expect401('Q2.4', 'Stale signature (created 10 minutes ago) refused', ['too-old', 'expired'], () =>
    viaRes(ctx.signedIntake(body, { now: new Date(Date.now() - 600_000) })),
  );
  await expect401('Q2.5', 'Digest mismatch (body changed after signing) refused', ['digest-mismatch'], () =>
    viaRes(ctx.signedIntake(body, { sendBody: body.replace('verify-probe', 'verify-probf') })),
  );
  await ctx.check('Q2', 'Q2.6', 'Replayed request (an accepted call sent again) refused', async () => {
    if (!valid) return { status: 'fail', evidence: ['no probe envelope to send'] };
    const text = JSON.stringify(valid);
    const first = await ctx.signedIntake(text);
    const again = await ctx.replay(first.headers, text);
    refusals.push({ name: 'replay', status: again.status, reason: reasonOf(again) });
    if (first.res.status === 201 || first.res.status === 200) receipt = first.res.body as Receipt;
    const ok = (first.res.status === 201 || first.res.status === 200) && again.status === 401;
    return { status: ok ? 'pass' : 'fail', evidence: [`first → ${first.res.status}, identical bytes again → ${again.status} ${reasonOf(again)}`] };
  });

  await ctx.check('Q2', 'Q2.7', 'Every refused intake call is in the audit log (intake.rejected)', async () => {
    if (!auditor) return { status: 'fail', evidence: ['no auditor probe account signed in'] };
    const res = await auditor.call('GET', `/api/audit?event=intake.rejected&from=${encodeURIComponent(ctx.startedAt.toISOString())}&limit=200`);
    if (res.status !== 200) return { status: 'fail', evidence: [`GET /api/audit → ${res.status}`] };
    const items = (field(res.body, 'items') as Array<{ actorId: string | null; detail: Record<string, unknown>; service: string }>) ?? [];
    const reasons = items.map((i) => String(i.detail.reason ?? ''));
    const sent = refusals.filter((r) => r.status === 401);
    const missing = sent.filter((r) => r.reason && !reasons.includes(r.reason));
    const ok = items.length >= sent.length && missing.length === 0;
    return {
      status: ok ? 'pass' : 'fail',
      evidence: [
        `${sent.length} refusals sent; ${items.length} intake.rejected rows since ${ctx.startedAt.toISOString()}`,
        `reasons audited: ${[...new Set(reasons)].join(', ') || 'none'}; actors: ${[...new Set(items.map((i) => i.actorId ?? 'anonymous'))].join(', ')}`,
        ...missing.map((m) => `not audited: ${m.name} (${m.reason})`),
      ],
    };
  });

  await ctx.check('Q2', 'Q2.8', 'A receipt forged by anyone but the portal is refused by the CMS', async () => {
    const doc = await ctx.keySet();
    const portalKey = ed25519PublicKeyFromRaw(decodeBase64url(doc.signingKey));
    if (!valid || !receipt) return { status: 'fail', evidence: ['no genuine receipt to compare with (the probe envelope was not accepted)'] };
    const expected = { id: valid.id, digest: envelopeDigest(valid) };
    const genuine = verifyReceipt(receipt, () => portalKey, expected);
    const forge = (pem: string): Receipt => ({ ...receipt!, sig: crypto.sign(null, receiptSigningBytes(receipt!), crypto.createPrivateKey(pem)).toString('base64url') });
    const cases: Array<[string, unknown]> = [
      ["signed with the CMS's own key", ctx.cms ? forge(ctx.cms.signing.privateKeyPem) : forge(newKeyPem())],
      ['signed with a fresh key', forge(newKeyPem())],
      ['genuine signature, other digest', { ...receipt, digest: envelopeDigest({ ...valid, ct: `${valid.ct.slice(0, -4)}AAAA` }) }],
      ['genuine signature, other id', { ...receipt, id: crypto.randomUUID() }],
    ];
    const accepted = cases.filter(([, r]) => verifyReceipt(r, () => portalKey, expected));
    return {
      status: genuine && accepted.length === 0 ? 'pass' : 'fail',
      evidence: [
        `the portal's genuine receipt verifies against the pinned key-set signing key: ${genuine}`,
        ...cases.map(([n, r]) => `${n}: ${verifyReceipt(r, () => portalKey, expected) ? 'ACCEPTED' : 'refused'}`),
        'the CMS deletes an outbox row only after this same verifyReceipt call (secure-forms delivery/forward.ts); drills exercise it against a fake portal',
      ],
    };
  });
  return { receipt };
}
