/**
 * Whether an error means the database cannot be reached right now (down,
 * restarting, out of connections), as opposed to a bug. Callers answer 503 so
 * that a client retries later — the CMS keeps its outbox row and tries again.
 */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND']);
// PostgreSQL SQLSTATEs: admin shutdown, crash shutdown, cannot connect now, too many connections.
const SERVER_CODES = new Set(['57P01', '57P02', '57P03', '53300']);
const MESSAGES = [/Connection terminated/i, /is not currently accepting connections/i, /the database system is (starting up|shutting down|in recovery mode)/i, /timeout exceeded when trying to connect/i, /Client has encountered a connection error/i];

export function isDatabaseUnavailable(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const { code, message, errors } = err as { code?: unknown; message?: unknown; errors?: unknown };
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || SERVER_CODES.has(code) || code.startsWith('08'))) return true;
  if (typeof message === 'string' && MESSAGES.some((m) => m.test(message))) return true;
  // node-postgres reports a failed multi-address connect as an AggregateError.
  return Array.isArray(errors) && errors.some(isDatabaseUnavailable);
}
