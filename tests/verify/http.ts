/** Small fetch wrappers: the probe only speaks HTTP to the stack, like any client. */

export interface HttpResult {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
}

export async function request(url: string, init: RequestInit = {}): Promise<HttpResult> {
  const res = await fetch(url, { redirect: 'manual', ...init, signal: init.signal ?? AbortSignal.timeout(15_000) });
  const text = await res.text();
  let body: unknown = undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON: keep the text only.
  }
  return { status: res.status, headers: res.headers, body, text };
}

export function field(body: unknown, ...path: string[]): unknown {
  let cur: unknown = body;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

/** A signed-in staff member: the session cookie and CSRF token, held the way a browser would. */
export class StaffSession {
  private cookie = '';
  csrf = '';

  constructor(readonly baseUrl: string) {}

  private remember(res: HttpResult): void {
    const setCookies = res.headers.getSetCookie();
    for (const c of setCookies) {
      const pair = c.split(';')[0] ?? '';
      if (pair.startsWith('__Host-palisade_session=')) this.cookie = pair;
    }
    const csrf = field(res.body, 'csrfToken');
    if (typeof csrf === 'string') this.csrf = csrf;
  }

  get sessionCookie(): string {
    return this.cookie;
  }

  set sessionCookie(value: string) {
    this.cookie = value;
  }

  async call(method: string, path: string, body?: unknown): Promise<HttpResult> {
    const headers: Record<string, string> = {};
    if (this.cookie) headers.cookie = this.cookie;
    if (method !== 'GET' && method !== 'HEAD') headers['x-csrf-token'] = this.csrf;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await request(`${this.baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    this.remember(res);
    return res;
  }
}
