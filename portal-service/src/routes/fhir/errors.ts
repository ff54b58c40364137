import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { OperationOutcome } from 'fhir/r4';
import { FHIR_JSON } from '../../fhir/constants';
import { FhirError, operationOutcome } from '../../fhir/operation-outcome';

type IssueCode = OperationOutcome['issue'][number]['code'];

const BY_STATUS: Record<number, IssueCode> = { 400: 'invalid', 401: 'login', 403: 'forbidden', 404: 'not-found', 409: 'conflict', 413: 'too-long', 415: 'not-supported', 423: 'lock-error', 429: 'throttled' };

function outcomeOf(err: FastifyError | Error): { status: number; body: OperationOutcome; headers: Record<string, string> } {
  if (err instanceof FhirError) return { status: err.statusCode, body: operationOutcome(err.issueCode, err.message), headers: { ...err.headers } };
  if (hasZodFastifySchemaValidationErrors(err)) {
    // Parameter names and the rule broken, never the submitted values.
    const where = err.validation.slice(0, 10).map((v) => `${v.instancePath.replace(/^\//, '') || (err as FastifyError).validationContext || 'request'}: ${v.message ?? 'is invalid'}`);
    return { status: 400, body: operationOutcome('invalid', `The search or request parameters are not valid (${where.join('; ')}).`), headers: {} };
  }
  const status = (err as FastifyError).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const given = (err as { headers?: unknown }).headers;
    const headers = given && typeof given === 'object' ? { ...(given as Record<string, string>) } : {};
    return { status, body: operationOutcome(BY_STATUS[status] ?? 'processing', err.message.slice(0, 300)), headers };
  }
  return { status: 500, body: operationOutcome('exception', 'Something went wrong on our side. Quote the X-Request-Id header if you report it.', 'fatal'), headers: {} };
}

/**
 * Inside /fhir every error is an OperationOutcome (FHIR clients expect one),
 * with the same rules as the portal's problem+json handler: 4xx messages are
 * written for the client, 5xx say nothing about internals and go to the log.
 */
export function installFhirErrors(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const { status, body, headers } = outcomeOf(err);
    if (status >= 500) request.log.error({ err }, 'fhir request failed');
    else request.log.info({ status }, 'fhir request refused');
    void reply.code(status).headers(headers).header('x-request-id', String(request.id)).type(FHIR_JSON).send(body);
  });
  app.setNotFoundHandler((_request, reply) => {
    void reply.code(404).type(FHIR_JSON).send(operationOutcome('not-supported', 'This FHIR endpoint does not exist. See /fhir/metadata for what the server supports.'));
  });
}
