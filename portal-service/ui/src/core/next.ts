/**
 * Only same-site paths are followed after sign-in: `next` comes from the
 * address bar, so anything else would make the portal an open redirect.
 */
export function safeNext(next: string | null | undefined): string | null {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || next.startsWith('/api/')) return null;
  if (/[\u0000-\u001f\\]/.test(next)) return null;
  return next;
}
