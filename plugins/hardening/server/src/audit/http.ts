import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context, Next } from 'koa';
import { describeAdminRequest, describeTokenUse, type RequestFacts } from './describe';
import type { AuditInput } from './record';

const STATUS_BY_ERROR: Array<[new (...args: never[]) => Error, number]> = [
  [errors.UnauthorizedError, 401],
  [errors.ForbiddenError, 403],
  [errors.NotFoundError, 404],
  [errors.PayloadTooLargeError, 413],
  [errors.RateLimitError, 429],
  [errors.NotImplementedError, 501],
];

/** The status strapi::errors will answer for a thrown error, as Strapi maps it. */
export function statusOfError(err: unknown): number {
  if (err instanceof errors.ApplicationError) return STATUS_BY_ERROR.find(([cls]) => err instanceof cls)?.[1] ?? 400;
  const status = (err as { status?: unknown })?.status;
  return typeof status === 'number' ? status : 500;
}

function createdIdOf(body: unknown): unknown {
  if (Array.isArray(body)) return body.map((b) => (b as { id?: unknown })?.id);
  const data = (body as { data?: unknown } | undefined)?.data ?? body;
  if (Array.isArray(data)) return data.map((b) => (b as { id?: unknown })?.id);
  const d = data as { documentId?: unknown; id?: unknown } | undefined;
  return d?.documentId ?? d?.id;
}

function factsOf(ctx: Context, status: number): RequestFacts {
  const body = (ctx.request as { body?: Record<string, unknown> }).body;
  const state = ctx.state as { route?: RequestFacts['route']; auth?: RequestFacts['auth']; user?: RequestFacts['user'] };
  return {
    method: ctx.method,
    ip: ctx.ip,
    status,
    params: (ctx.params ?? {}) as Record<string, unknown>,
    route: state.route,
    auth: state.auth,
    user: state.user,
    bodyIds: body && typeof body === 'object' ? (body.documentIds ?? body.ids) : undefined,
    createdId: ctx.method === 'POST' && status < 400 ? createdIdOf(ctx.body) : undefined,
    hasBearer: /^bearer\s/i.test(ctx.get('authorization')),
  };
}

type Write = 'record' | 'buffer';

function auditing(strapi: Core.Strapi, describe: (f: RequestFacts) => AuditInput | undefined, write: Write) {
  return async (ctx: Context, next: Next) => {
    let status = 500;
    try {
      await next();
      status = ctx.status;
    } catch (err) {
      status = statusOfError(err);
      throw err;
    } finally {
      const input = describe(factsOf(ctx, status));
      if (input) {
        const audit = strapi.plugin('hardening').service('audit');
        await (write === 'buffer' ? audit.buffer(input) : audit.safeRecord(input));
      }
    }
  };
}

/**
 * Router-level middlewares: they wrap every admin-API route (core and plugins
 * alike, whatever their URL prefix) and every content-API route, after the
 * route's own authentication and handler have run.
 *
 * Admin actions are rare and each is stored before the answer. API-token calls
 * are the public site's and integrations' traffic: a hash-chained append per
 * call on the request path (SQLite: on the event loop) cost a third of the
 * throughput of a token create. Each call's fact is buffered instead and
 * appended in batches by the audit service's one writer, within a second,
 * before any read, export or verification of the trail and at shutdown, so
 * the trail stays complete (every call, not a sample) and chained; only a hard
 * crash of the CMS can lose the last second of token-use facts. (Recording the
 * first use per token per minute would lose which calls a token made.)
 */
export function installRequestAudit(strapi: Core.Strapi): void {
  strapi.server.api('admin').use(auditing(strapi, describeAdminRequest, 'record'));
  const tokenUse = auditing(strapi, describeTokenUse, 'buffer');
  // Only a call carrying credentials can be a token use or a refused token:
  // anonymous public reads (the site's traffic) skip the wrapper entirely.
  strapi.server.api('content-api').use((ctx: Context, next: Next) => (ctx.get('authorization') ? tokenUse(ctx, next) : next()));
}
