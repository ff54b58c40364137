/**
 * JSON calls to the staff API. The session cookie is HttpOnly and never seen
 * here; the CSRF token (from login or /api/me) rides in a header on every
 * state-changing call. Errors become ApiError with a message fit to show.
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fieldErrors: readonly { path: string; message: string }[] = [],
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Listener = () => void;

let csrfToken: string | null = null;
const onSessionEnded = new Set<Listener>();
const onActivity = new Set<(serverTime: number | null) => void>();

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when the server answers 401 to a signed-in call: the session is gone. */
export function whenSessionEnds(listener: Listener): () => void {
  onSessionEnded.add(listener);
  return () => onSessionEnded.delete(listener);
}

/** Every answered call refreshes the server's idle clock; the idle timer listens. */
export function whenServerSeen(listener: (serverTime: number | null) => void): () => void {
  onActivity.add(listener);
  return () => onActivity.delete(listener);
}

const PLAIN_BY_STATUS: Record<number, string> = {
  400: 'Some of what was entered is not valid. Check it and try again.',
  401: 'Your session has ended. Sign in again.',
  403: 'You do not have access to this.',
  404: 'This item does not exist, or you do not have access to it.',
  409: 'This conflicts with the current state. Reload and try again.',
  413: 'What you sent is too large.',
  423: 'This account is locked. Try again later or ask an administrator.',
  429: 'Too many attempts. Wait a moment and try again.',
};

interface Problem {
  title?: unknown;
  detail?: unknown;
  errors?: unknown;
}

function fieldErrorsOf(problem: Problem): { path: string; message: string }[] {
  if (!Array.isArray(problem.errors)) return [];
  return problem.errors.flatMap((e: unknown) => {
    if (!e || typeof e !== 'object') return [];
    const rec = e as Record<string, unknown>;
    const path = typeof rec.path === 'string' ? rec.path : Array.isArray(rec.path) ? rec.path.join('.') : '';
    return typeof rec.message === 'string' ? [{ path, message: rec.message }] : [];
  });
}

/**
 * The server writes 4xx messages for people (and never with input or secrets
 * in them); 5xx messages are replaced here so no internals ever show.
 */
async function toApiError(res: Response): Promise<ApiError> {
  const retryAfter = Number(res.headers.get('retry-after')) || undefined;
  if (res.status >= 500) {
    return new ApiError(res.status, 'Something went wrong on our side. Nothing was changed. Try again in a moment; if it keeps happening, tell your administrator.');
  }
  let problem: Problem = {};
  try {
    problem = (await res.json()) as Problem;
  } catch {
    // Not JSON (a proxy page, say): the plain message by status is enough.
  }
  const fieldErrors = fieldErrorsOf(problem);
  const detail = typeof problem.detail === 'string' && problem.detail.trim() ? problem.detail : undefined;
  // Schema errors name JSON paths, which mean nothing to a person; the plain sentence does.
  const message = (fieldErrors.length ? undefined : detail) ?? PLAIN_BY_STATUS[res.status] ?? 'The request could not be completed.';
  return new ApiError(res.status, message, fieldErrors, retryAfter);
}

export interface CallOptions {
  /** A 401 here is a normal answer (sign-in steps), not the end of a session. */
  expectUnauthorized?: boolean;
}

export async function api<T>(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown, opts: CallOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
      redirect: 'error',
    });
  } catch {
    throw new ApiError(0, 'The portal cannot be reached. Check your connection and try again.');
  }
  if (res.status === 401 && !opts.expectUnauthorized) {
    for (const l of onSessionEnded) l();
  }
  if (!res.ok) throw await toApiError(res);
  const date = res.headers.get('date');
  for (const l of onActivity) l(date ? Date.parse(date) : null);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export function query(params: Readonly<Record<string, string | undefined>>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}
