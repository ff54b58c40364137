import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * `__Host-` makes the browser insist on Secure, Path=/ and no Domain, so no
 * sibling subdomain (the public site, the CMS) can set or read it.
 *
 * Read and written here rather than through @fastify/cookie: the one cookie we
 * care about is a base64url token, so there is nothing to encode, and the
 * attributes stay visible in one place.
 */
export const SESSION_COOKIE = '__Host-palisade_session';

function attributes(secure: boolean): string {
  return `Path=/; HttpOnly${secure ? '; Secure' : ''}; SameSite=Strict`;
}

function appendSetCookie(reply: FastifyReply, value: string): void {
  const existing = reply.getHeader('set-cookie');
  const list = existing === undefined ? [] : Array.isArray(existing) ? existing.map(String) : [String(existing)];
  reply.header('set-cookie', [...list.filter((c) => !c.startsWith(`${SESSION_COOKIE}=`)), value]);
}

export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean): void {
  appendSetCookie(reply, `${SESSION_COOKIE}=${token}; ${attributes(secure)}`);
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  appendSetCookie(reply, `${SESSION_COOKIE}=; ${attributes(secure)}; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT`);
}

/** The session token from the Cookie header, or undefined. */
export function readSessionCookie(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (typeof header !== 'string') return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim();
  }
  return undefined;
}
