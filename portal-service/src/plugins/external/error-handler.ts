import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPES } from '@palisade/protocol';
import { isDatabaseUnavailable } from '../../db/unavailable';
import { ProblemError, statusTitle } from '../../http/problem';

interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  reason?: string;
  requestId?: string;
  errors?: { path: string; message: string }[];
}

// Messages of Fastify's own body errors can quote the body (JSON.parse does);
// these fixed sentences replace them.
const FASTIFY_MESSAGES: Record<string, { status: number; type: string; detail: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, type: PROBLEM_TYPES.tooLarge, detail: 'The request body is too large.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, type: PROBLEM_TYPES.unsupportedMediaType, detail: 'This content type is not supported here.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, type: PROBLEM_TYPES.schema, detail: 'The content length does not match the body.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, type: PROBLEM_TYPES.schema, detail: 'The JSON body is empty.' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, type: PROBLEM_TYPES.schema, detail: 'The body is not valid JSON.' },
};

const MAX_MESSAGE = 300;

/** Statuses whose thrown message is meant for the client. Anything else is internal. */
function clientStatus(err: { statusCode?: unknown }): number | undefined {
  const s = err.statusCode;
  return typeof s === 'number' && s >= 400 && s < 500 ? s : undefined;
}

export function toProblem(err: FastifyError | Error, request: FastifyRequest): { body: ProblemBody; headers: Record<string, string> } {
  if (err instanceof ProblemError) return { body: { ...err.toProblem() }, headers: { ...err.headers } };

  if (hasZodFastifySchemaValidationErrors(err)) {
    const where = (err as FastifyError).validationContext ?? 'body';
    return {
      body: {
        type: PROBLEM_TYPES.schema,
        title: 'The request does not match the schema',
        status: 400,
        detail: `Check the ${where}.`,
        // Paths and the rule broken, never the submitted values.
        errors: err.validation.slice(0, 20).map((v) => ({ path: `/${where}${v.instancePath === '/' ? '' : v.instancePath}`, message: v.message ?? 'is invalid' })),
      },
      headers: {},
    };
  }

  const code = (err as FastifyError).code;
  const known = code ? FASTIFY_MESSAGES[code] : undefined;
  if (known) return { body: { type: known.type, title: statusTitle(known.status), status: known.status, detail: known.detail }, headers: {} };
  if (err instanceof SyntaxError && clientStatus(err as FastifyError) === 400) {
    return { body: { type: PROBLEM_TYPES.schema, title: statusTitle(400), status: 400, detail: 'The body is not valid JSON.' }, headers: {} };
  }

  const status = clientStatus(err as FastifyError);
  if (status !== undefined && !isResponseSerializationError(err as FastifyError)) {
    const given = (err as { headers?: unknown }).headers;
    const headers = given && typeof given === 'object' ? { ...(given as Record<string, string>) } : {};
    return {
      body: { type: 'about:blank', title: statusTitle(status), status, detail: err.message.slice(0, MAX_MESSAGE) },
      headers,
    };
  }

  if (isDatabaseUnavailable(err)) {
    return {
      body: {
        type: PROBLEM_TYPES.unavailable,
        title: statusTitle(503),
        status: 503,
        detail: 'The service is temporarily unavailable. Try again shortly.',
        requestId: String(request.id),
      },
      headers: { 'retry-after': '5' },
    };
  }

  return {
    body: {
      type: 'about:blank',
      title: statusTitle(500),
      status: 500,
      detail: 'Something went wrong on our side. Quote the request id if you report it.',
      requestId: String(request.id),
    },
    headers: {},
  };
}

/**
 * The one error handler of both listeners: every error leaves as RFC 9457
 * problem+json. 4xx show their (client-safe) message; 5xx show a fixed
 * sentence and the request id, never the message, stack or internals, which go
 * to the log through the sanitizing error serializer.
 */
export default fp(
  async (app) => {
    app.setErrorHandler((err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const { body, headers } = toProblem(err, request);
      if (body.status >= 500) request.log.error({ err }, 'request failed');
      else request.log.info({ status: body.status, problem: body.type, reason: body.reason }, 'request refused');
      void reply.code(body.status).headers(headers).type(PROBLEM_CONTENT_TYPE).send(body);
    });
    app.setNotFoundHandler((request, reply) => {
      void reply
        .code(404)
        .type(PROBLEM_CONTENT_TYPE)
        .send({ type: 'about:blank', title: statusTitle(404), status: 404, detail: 'There is nothing here.' } satisfies ProblemBody);
    });
  },
  { name: 'palisade-error-handler' },
);
