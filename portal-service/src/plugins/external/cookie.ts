import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyRequest {
    /** Cookies of the request, parsed from the Cookie header (first value wins). */
    readonly cookies: Readonly<Record<string, string>>;
  }
}

const parsed = new WeakMap<object, Record<string, string>>();

export function parseCookieHeader(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (!name || name in out) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    try {
      out[name] = decodeURIComponent(value);
    } catch {
      out[name] = value;
    }
  }
  return out;
}

/**
 * `request.cookies`, parsed on first use. Not @fastify/cookie: its v11 loads the
 * `cookie` package with a dynamic import(), which the shared jest runner (no
 * --experimental-vm-modules) refuses; and the portal writes its one cookie
 * (the session, see plugins/app/cookie.ts) with explicit attributes anyway.
 */
export default fp(
  async (app) => {
    app.decorateRequest('cookies', {
      getter(this: { headers: { cookie?: string } }) {
        let c = parsed.get(this);
        if (!c) {
          c = parseCookieHeader(this.headers.cookie);
          parsed.set(this, c);
        }
        return c;
      },
    });
  },
  { name: 'palisade-cookie' },
);
