import { randomUUID } from 'node:crypto';
import { buildEnvelope, decodeBase64url, signRequest, type EnvelopeV1 } from '@palisade/protocol';
import sodium = require('libsodium-wrappers');

export interface KeySetDoc {
  payload: { keys: Array<{ kid: string; publicKey: string; notAfter: string | null }>; current: string; issuedAt: string };
  signingKey: string;
  sig: string;
}

export async function fetchKeySet(portalUrl: string): Promise<KeySetDoc> {
  const res = await fetch(`${portalUrl.replace('patient.localhost', '127.0.0.1')}/intake/keys`);
  if (!res.ok) throw new Error(`GET /intake/keys answered ${res.status}`);
  return (await res.json()) as KeySetDoc;
}

/** Seals answers to the key set's current kid, exactly as the widget does. */
export async function sealTo(doc: KeySetDoc, form: string, answers: Record<string, string>, id: string = randomUUID()): Promise<EnvelopeV1> {
  await sodium.ready;
  const current = doc.payload.keys.find((k) => k.kid === doc.payload.current);
  if (!current) throw new Error('the key set has no current key');
  return buildEnvelope(sodium, {
    id,
    form,
    kid: current.kid,
    publicKey: decodeBase64url(current.publicKey),
    payload: { formVersion: 'test-1', answers, submittedAt: new Date().toISOString() },
  });
}

export function loopback(url: string): string {
  return url.replace('www.localhost', '127.0.0.1').replace('patient.localhost', '127.0.0.1');
}

export async function postToCms(cmsUrl: string, body: string, contentType = 'application/json'): Promise<{ status: number; text: string; ms: number }> {
  const t0 = performance.now();
  const res = await fetch(`${loopback(cmsUrl)}/api/secure-forms/submissions`, { method: 'POST', headers: { 'content-type': contentType }, body, signal: AbortSignal.timeout(20_000) });
  const text = await res.text();
  return { status: res.status, text, ms: performance.now() - t0 };
}

export async function postSignedIntake(
  intakeUrl: string,
  body: string,
  signer: { keyId: string; privateKey: string },
  opts: { contentType?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; text: string }> {
  const contentType = opts.contentType ?? 'application/json';
  const headers = { ...signRequest({ method: 'POST', url: intakeUrl, contentType, body, keyId: signer.keyId, privateKey: signer.privateKey }), ...opts.headers };
  const res = await fetch(intakeUrl, { method: 'POST', headers, body, signal: AbortSignal.timeout(20_000) });
  return { status: res.status, text: await res.text() };
}
