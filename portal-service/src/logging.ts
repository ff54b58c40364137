import type { FastifyReply, FastifyRequest } from 'fastify';
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';

/** Field names whose values never reach a log line, at any of the first three levels. */
const SECRET_FIELDS = ['password', 'newPassword', 'code', 'totp', 'token', 'key', 'privateKey', 'secret', 'answers', 'ciphertext', 'ct'];

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers.signature',
  'req.headers["signature-input"]',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  ...SECRET_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`]),
];

/**
 * What a log line says about an error: its type and code, never a database
 * error's detail (it quotes row values) nor messages that may quote input.
 */
function errSerializer(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { type: typeof err };
  const e = err as Error & { code?: unknown; constraint?: unknown; table?: unknown; routine?: unknown; statusCode?: unknown };
  const sqlState = typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code);
  // Not "code": that key is redacted everywhere (TOTP codes).
  return {
    type: e.name,
    errorCode: e.code,
    statusCode: e.statusCode,
    ...(sqlState ? { constraint: e.constraint, table: e.table, routine: e.routine } : { message: e.message }),
    stack: e.stack?.split('\n').slice(sqlState ? 1 : 0).join('\n'),
  };
}

/** Request lines carry method, path (no query string: it can hold tokens) and peer, never headers or bodies. */
function reqSerializer(req: FastifyRequest): Record<string, unknown> {
  const url = typeof req.url === 'string' ? req.url.split('?')[0] : undefined;
  return { id: req.id, method: req.method, url, remoteAddress: req.ip };
}

function resSerializer(res: FastifyReply): Record<string, unknown> {
  return { statusCode: res.statusCode };
}

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    base: { service: 'palisade-portal' },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: { err: errSerializer, error: errSerializer, req: reqSerializer as never, res: resSerializer as never },
  };
}

export type LoggerSetting = LoggerOptions | DestinationStream | Logger;

function isStream(x: LoggerSetting): x is DestinationStream {
  return typeof (x as DestinationStream).write === 'function' && typeof (x as Logger).child !== 'function';
}

/** One pino logger for both listeners; tests pass a stream to capture every line. */
export function createLogger(level: string, setting?: LoggerSetting): Logger {
  if (setting && typeof (setting as Logger).child === 'function') return setting as Logger;
  if (setting && isStream(setting)) return pino(loggerOptions(level === 'silent' ? 'trace' : level), setting);
  return pino({ ...loggerOptions(level), ...(setting as LoggerOptions | undefined) });
}
