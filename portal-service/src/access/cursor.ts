/**
 * Opaque keyset cursor on (received_at, id). The timestamp is kept as the
 * database's own text so microseconds survive the round trip.
 */
export interface InboxCursor {
  receivedAt: string;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function encodeCursor(c: InboxCursor): string {
  return Buffer.from(JSON.stringify([c.receivedAt, c.id]), 'utf8').toString('base64url');
}

/** Undefined for anything we did not make. */
export function decodeCursor(raw: string): InboxCursor | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2) return undefined;
    const [receivedAt, id] = value as unknown[];
    if (typeof receivedAt !== 'string' || typeof id !== 'string' || !UUID.test(id)) return undefined;
    if (Number.isNaN(Date.parse(receivedAt.replace(' ', 'T')))) return undefined;
    return { receivedAt, id };
  } catch {
    return undefined;
  }
}
