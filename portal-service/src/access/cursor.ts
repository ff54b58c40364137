/**
 * Opaque keyset cursor on (received_at, id). The timestamp is kept as the
 * database's own text so microseconds survive the round trip.
 */
export interface InboxCursor {
  receivedAt: string;
  id: string;
}

// PostgreSQL's timestamptz text form, e.g. "2031-02-01 00:00:04.123456+00".
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:?\d{2}){0,2}|Z)$/;
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
    if (!TIMESTAMP.test(receivedAt)) return undefined;
    return { receivedAt, id };
  } catch {
    return undefined;
  }
}
