import type { KeyObject } from 'node:crypto';
import type { AxiosInstance } from 'axios';
import { signRequest, verifyReceipt, verifyRejection, type EnvelopeV1, type Receipt, type Rejection } from '@palisade/protocol';

export interface ForwardDeps {
  http: AxiosInstance;
  intakeUrl: string;
  keyId: string;
  privateKey: KeyObject;
  timeoutMs: number;
  /** The portal's receipt-signing public key for a receipt kid. */
  receiptKey: (kid: string) => Promise<KeyObject | undefined>;
}

export type ForwardResult =
  | { ok: true; receipt: Receipt }
  /** The portal refused the envelope for good and signed that: the row may be deleted (verified for this id and digest). */
  | { ok: false; error: string; rejection: Rejection }
  | { ok: false; error: string };

/** Receipts are tiny; a larger answer is not one. */
const MAX_RESPONSE_BYTES = 16 * 1024;

/** The exact bytes sent: envelope v1 with its fields in contract order, nothing else. */
export function envelopeBody(envelope: EnvelopeV1): string {
  const { v, id, form, kid, ct } = envelope;
  return JSON.stringify({ v, id, form, kid, ct });
}

function describeNetworkError(err: unknown): string {
  const e = err as { code?: string; message?: string };
  if (e.code === 'ECONNABORTED' || e.code === 'ETIMEDOUT') return 'portal did not answer in time';
  // Only the error code: axios messages can quote the URL, never the body, but codes are enough.
  return `portal unreachable (${typeof e.code === 'string' ? e.code : 'network error'})`;
}

/**
 * Sends one envelope to the portal's internal intake route, signed per the
 * intake profile of RFC 9421, and returns a receipt only if its signature
 * verifies and it names exactly this id and digest. The error strings are for
 * logs and the admin page: they never carry the envelope or the portal's body.
 */
export async function forwardEnvelope(deps: ForwardDeps, envelope: EnvelopeV1, digest: string): Promise<ForwardResult> {
  const body = envelopeBody(envelope);
  const headers = signRequest({
    method: 'POST',
    url: deps.intakeUrl,
    contentType: 'application/json',
    body,
    keyId: deps.keyId,
    privateKey: deps.privateKey,
  });
  let status: number;
  let text: string;
  try {
    const res = await deps.http.post<string>(deps.intakeUrl, body, {
      headers: { ...headers, accept: 'application/json' },
      timeout: deps.timeoutMs,
      maxRedirects: 0,
      maxContentLength: MAX_RESPONSE_BYTES,
      responseType: 'text',
      transformRequest: [(data: string) => data],
      transformResponse: [(data: string) => data],
      validateStatus: () => true,
    });
    status = res.status;
    text = typeof res.data === 'string' ? res.data : '';
  } catch (err) {
    return { ok: false, error: describeNetworkError(err) };
  }
  if (status === 422) return rejectionIn(deps, text, envelope.id, digest);
  if (status < 200 || status >= 300) return { ok: false, error: `portal answered ${status}` };

  let receipt: unknown;
  try {
    receipt = JSON.parse(text);
  } catch {
    return { ok: false, error: `portal answered ${status} without a receipt` };
  }
  const kid = typeof receipt === 'object' && receipt !== null ? (receipt as { kid?: unknown }).kid : undefined;
  const key = typeof kid === 'string' ? await deps.receiptKey(kid) : undefined;
  if (!key) return { ok: false, error: 'receipt signed by an unknown portal key' };
  if (!verifyReceipt(receipt, () => key, { id: envelope.id, digest })) return { ok: false, error: 'receipt invalid (signature, id or digest)' };
  return { ok: true, receipt: receipt as Receipt };
}

/**
 * A 422 may carry the portal's signed rejection (problem+json member
 * `rejection`). It counts only if it verifies against the pinned receipt key
 * for exactly this id and digest, with a final reason; anything else is a plain
 * 422 and the row stays queued, as before rejections existed.
 */
async function rejectionIn(deps: ForwardDeps, text: string, id: string, digest: string): Promise<ForwardResult> {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, error: 'portal answered 422' };
  }
  const rejection = typeof body === 'object' && body !== null ? (body as { rejection?: unknown }).rejection : undefined;
  if (rejection === undefined) return { ok: false, error: 'portal answered 422' };
  const kid = typeof rejection === 'object' && rejection !== null ? (rejection as { kid?: unknown }).kid : undefined;
  const key = typeof kid === 'string' ? await deps.receiptKey(kid) : undefined;
  if (!key || !verifyRejection(rejection, () => key, { id, digest })) return { ok: false, error: 'portal answered 422 with a rejection that does not verify' };
  const verified = rejection as Rejection;
  return { ok: false, error: `portal rejected the envelope for good (${verified.reason})`, rejection: verified };
}
