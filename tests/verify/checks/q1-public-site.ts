import crypto, { randomUUID } from 'node:crypto';
import path from 'node:path';
import { encodeBase64url, signKeySet, verifyKeySet, type EnvelopeV1 } from '@palisade/protocol';
import type { VerifyContext } from '../context';
import { request } from '../http';
import { scanCmsDatabase } from './cms-db-scan';
import { fillParams, staffRoutes } from './portal-routes';

function hs256(secret: string, claims: Record<string, unknown>): string {
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const body = `${enc({ alg: 'HS256', typ: 'JWT' })}.${enc(claims)}`;
  return `${body}.${crypto.createHmac('sha256', secret).update(body).digest('base64url')}`;
}

/** Each way the CMS could present what it holds to the portal's staff listener. */
function credentialSets(ctx: VerifyContext, url: string, method: string, body: string): Array<{ name: string; headers: Record<string, string> }> {
  const cms = ctx.cms;
  if (!cms) return [];
  const now = Math.floor(Date.now() / 1000);
  const s = cms.secrets;
  const sets: Array<{ name: string; headers: Record<string, string> }> = [
    {
      name: 'RFC 9421 signature with the CMS key + admin JWT',
      headers: {
        authorization: `Bearer ${hs256(s.adminJwtSecret, { id: 1, type: 'access', iat: now, exp: now + 600 })}`,
      },
    },
    { name: 'users-permissions JWT + app key as session cookie', headers: { authorization: `Bearer ${hs256(s.jwtSecret, { id: 1, iat: now })}`, cookie: `__Host-palisade_session=${s.appKeys[0] ?? ''}` } },
    {
      name: 'encryption key as cookie + API token salt as bearer',
      headers: { cookie: `__Host-palisade_session=${s.encryptionKey}; palisade_session=${s.adminJwtSecret}`, authorization: `Bearer ${s.apiTokenSalt}`, 'x-csrf-token': s.transferTokenSalt },
    },
  ];
  return sets.map((c, i) => {
    if (i !== 0) return c;
    // The signature is computed for this exact URL, as the CMS would for the intake route.
    const signed = ctx.signedHeadersFor(url, method, body);
    return { name: c.name, headers: { ...c.headers, ...signed } };
  });
}

export async function checkQ1(ctx: VerifyContext, probe: { envelope?: EnvelopeV1 }): Promise<void> {
  const o = ctx.options;

  await ctx.check('Q1', 'Q1.1', "The CMS's credentials open no portal route", async () => {
    if (!ctx.cms) return { status: 'skip', evidence: ["the CMS's configuration is not readable here (give --home of the CMS)"] };
    const { routes, source } = await staffRoutes(o.portalUrl);
    const id = randomUUID();
    const tally = new Map<number, number>();
    const leaks: string[] = [];
    for (const [method, route] of routes) {
      const url = `${o.portalUrl}${fillParams(route, id)}`;
      const body = method === 'GET' ? '' : '{}';
      for (const cred of credentialSets(ctx, url, method, body)) {
        const res = await request(url, { method, headers: { ...cred.headers, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body || undefined });
        tally.set(res.status, (tally.get(res.status) ?? 0) + 1);
        if (res.status < 400 || res.status >= 500) leaks.push(`${method} ${route} with ${cred.name} → ${res.status}`);
      }
    }
    const codes = [...tally.entries()].sort().map(([k, v]) => `${k}×${v}`).join(', ');
    return {
      status: leaks.length === 0 ? 'pass' : 'fail',
      evidence: [`${routes.length} routes (${source}) × 3 credential sets (signing key, admin/user JWTs, app keys, salts, encryption key): ${codes}`, ...leaks],
    };
  });

  await ctx.check('Q1', 'Q1.2', 'The CMS database and uploads hold only public content and outbox ciphertext', async () => {
    if (!ctx.cms) return { status: 'skip', evidence: ["the CMS's configuration is not readable here"] };
    if (!probe.envelope) return { status: 'fail', evidence: ['no probe submission was accepted by the CMS, so there is no canary to look for'] };
    return scanCmsDatabase(ctx, path.resolve(__dirname, '..', '..', '..', 'cms', 'public', 'uploads'));
  });

  await ctx.check('Q1', 'Q1.3', 'The intake route is unreachable on the staff listener (and staff routes on the intake listener)', async () => {
    const body = JSON.stringify(probe.envelope ?? { v: 1 });
    const onStaff = await request(`${o.portalUrl}/internal/intake`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...ctx.signedHeadersFor(`${o.portalUrl}/internal/intake`, 'POST', body) },
      body,
    });
    const intakeBase = new URL(o.intakeUrl).origin;
    const me = await request(`${intakeBase}/api/me`);
    const keys = await request(`${intakeBase}/intake/keys`);
    const ok = onStaff.status === 404 && me.status === 404 && keys.status === 404;
    return {
      status: ok ? 'pass' : 'fail',
      evidence: [`signed POST ${o.portalUrl}/internal/intake → ${onStaff.status} (want 404)`, `GET ${intakeBase}/api/me → ${me.status}, GET ${intakeBase}/intake/keys → ${keys.status} (want 404)`],
    };
  });

  await ctx.check('Q1', 'Q1.4', 'The CMS cannot alter the intake key set browsers accept', async () => {
    const doc = await ctx.keySet();
    const { pin, source } = ctx.pinFor(doc);
    const sodium = ctx.sodium!;
    const genuine = await verifyKeySet(sodium, doc, pin);
    const evidence = [`served key set (current kid ${doc.payload.current}) against ${source} ${pin}: ${genuine.ok ? 'accepted' : `refused (${genuine.reason})`}`];
    // A key the attacker controls, swapped into the signed document.
    const attacker = sodium as unknown as { crypto_box_keypair(): { publicKey: Uint8Array } };
    const swappedKeys = doc.payload.keys.map((k) => (k.kid === doc.payload.current ? { ...k, publicKey: encodeBase64url(attacker.crypto_box_keypair().publicKey) } : k));
    const swapped = await verifyKeySet(sodium, { ...doc, payload: { ...doc.payload, keys: swappedKeys } }, pin);
    evidence.push(`current key swapped, portal signature kept: ${swapped.ok ? 'ACCEPTED' : `refused (${swapped.reason})`}`);
    let resigned: Awaited<ReturnType<typeof verifyKeySet>> | undefined;
    if (ctx.cms) {
      const cmsKey = crypto.createPrivateKey(ctx.cms.signing.privateKeyPem);
      const forged = signKeySet({ ...doc.payload, keys: swappedKeys }, cmsKey);
      resigned = await verifyKeySet(sodium, forged, pin);
      evidence.push(`swapped key set re-signed with the CMS signing key: ${resigned.ok ? 'ACCEPTED' : `refused (${resigned.reason})`}`);
      if (!ctx.cms.keysetPin) evidence.push('note: no CMS_KEYSET_PIN configured; production refuses to start without one');
    }
    const refusedAll = genuine.ok && !swapped.ok && (resigned === undefined || !resigned.ok);
    return { status: refusedAll ? 'pass' : 'fail', evidence };
  });
}
