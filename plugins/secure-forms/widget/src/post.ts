import type { EnvelopeV1 } from '@palisade/protocol/browser';

export type PostOutcome =
  | { kind: 'sent'; status: 'queued' | 'delivered' }
  /** Worth trying again with the same envelope (network, rate limit, server trouble). */
  | { kind: 'retry'; message: string }
  /** Trying again will not help; the message says what to do. */
  | { kind: 'failed'; message: string };

const RETRY_TEXT = 'Your answers could not be sent just now. They are still here; please try again.';

/** POST the envelope to the CMS; only ciphertext leaves the browser. */
export async function postEnvelope(cmsOrigin: string, envelope: EnvelopeV1, fetchImpl: typeof fetch = fetch): Promise<PostOutcome> {
  let res: Response;
  try {
    res = await fetchImpl(`${cmsOrigin.replace(/\/+$/, '')}/api/secure-forms/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(envelope),
      credentials: 'omit',
    });
  } catch {
    return { kind: 'retry', message: RETRY_TEXT };
  }
  if (res.status === 202) {
    const body = (await res.json().catch(() => ({}))) as { status?: unknown };
    return { kind: 'sent', status: body.status === 'delivered' ? 'delivered' : 'queued' };
  }
  if (res.status === 429 || res.status === 408 || res.status >= 500) return { kind: 'retry', message: RETRY_TEXT };
  if (res.status === 404) return { kind: 'failed', message: 'This form is no longer available. Please reload the page.' };
  if (res.status === 413) return { kind: 'failed', message: 'Your answers are too long to send. Please shorten them.' };
  return { kind: 'failed', message: 'Your answers could not be accepted. Please reload the page and try again.' };
}
