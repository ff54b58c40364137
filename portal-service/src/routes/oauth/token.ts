import type { FastifyError, FastifyPluginAsync, FastifyReply } from 'fastify';
import { exchangeClientAssertion, type OAuthError } from '../../ehr/token-exchange';
import { chainedAuditPort } from '../../fhir/audit-port';
import { requestMeta } from '../../plugins/app/identity';

const FORM = 'application/x-www-form-urlencoded';
const MAX_BODY = 16 * 1024;

/** RFC 6749 §3.2: parameters sent without a value are treated as omitted, and none may repeat. */
function parseForm(body: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    if (key in out) throw Object.assign(new Error(`The parameter ${key.slice(0, 40)} appears more than once.`), { statusCode: 400 });
    if (value !== '') out[key] = value;
  }
  return out;
}

function sendError(reply: FastifyReply, error: OAuthError, status: number = error.status): FastifyReply {
  const headers: Record<string, string> = { 'cache-control': 'no-store', pragma: 'no-cache' };
  if (status === 401) headers['www-authenticate'] = 'Bearer realm="palisade-fhir"';
  return reply.code(status).headers(headers).type('application/json').send({ error: error.error, error_description: error.error_description });
}

/**
 * `POST /oauth/token`: the client-credentials grant of SMART Backend Services.
 * Errors follow RFC 6749 §5.2 (JSON `error` + `error_description`), not
 * problem+json, because OAuth clients parse that shape.
 */
const tokenRoutes: FastifyPluginAsync = async (app) => {
  const audit = chainedAuditPort('portal-staff', app.clock);
  const tokenUrl = `${app.config.publicUrl.replace(/\/+$/, '')}/oauth/token`;

  app.addContentTypeParser(FORM, { parseAs: 'string', bodyLimit: MAX_BODY }, (_request, body, done) => {
    try {
      done(null, parseForm(String(body)));
    } catch (err) {
      done(err as Error, undefined);
    }
  });

  app.setErrorHandler((err: FastifyError, request, reply) => {
    const status = typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status >= 500) {
      request.log.error({ err }, 'token request failed');
      return reply.code(500).headers({ 'cache-control': 'no-store' }).type('application/json').send({ error: 'server_error', error_description: 'Something went wrong on our side.' });
    }
    const description =
      err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? `Send the parameters as ${FORM}.`
      : err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 'The request body is too large.'
      : status === 429 ? 'Too many requests; slow down.'
      : status === 400 && err.message.startsWith('The parameter ') ? err.message
      : 'The token request is malformed.';
    return sendError(reply, { status: 400, error: 'invalid_request', error_description: description }, status);
  });

  app.post('/token', { schema: { tags: ['oauth'], summary: 'Client-credentials grant with a private_key_jwt client assertion (SMART Backend Services)' } }, async (request, reply) => {
    // RFC 6749 §4.4.2: form-encoded only. JSON would reach the listener's own parser, so refuse it here.
    if (!String(request.headers['content-type'] ?? '').toLowerCase().startsWith(FORM)) {
      return sendError(reply, { status: 400, error: 'invalid_request', error_description: `Send the parameters as ${FORM}.` }, 415);
    }
    const params = request.body && typeof request.body === 'object' ? (request.body as Record<string, string>) : {};
    const meta = requestMeta(request);
    const result = await exchangeClientAssertion({ db: app.db, audit, now: app.clock.now(), tokenUrl, meta: { ip: meta.ip, requestId: meta.requestId } }, params);
    if (!result.ok) return sendError(reply, result.error);
    return reply.code(200).headers({ 'cache-control': 'no-store', pragma: 'no-cache' }).type('application/json').send(result.body);
  });
};

export default tokenRoutes;
