import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { EnvelopeV1Schema } from '@palisade/protocol';
import { errorKind } from '../error-kind';
import { pluginService } from '../services/access';

/** Validation messages name the field and the rule, never the submitted value. */
function describeIssues(issues: ReadonlyArray<{ path: PropertyKey[]; message: string; code: string }>) {
  return issues.map((i) => ({ path: i.path.map(String).join('.') || '(body)', message: i.message }));
}

/** POST /api/secure-forms/submissions: the only way answers enter the CMS, sealed. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async create(ctx: Context) {
    const body: unknown = ctx.request.body;
    const { intakeMaxBytes } = pluginService(strapi, 'settings').config();
    // The size guard saw only Content-Length; a chunked body is measured here.
    if (Buffer.byteLength(JSON.stringify(body ?? null)) > intakeMaxBytes) {
      return ctx.payloadTooLarge(`A submission may be at most ${intakeMaxBytes} bytes`);
    }
    const parsed = EnvelopeV1Schema.safeParse(body);
    if (!parsed.success) {
      return ctx.badRequest('The submission is not a valid envelope v1', { issues: describeIssues(parsed.error.issues) });
    }
    let result;
    try {
      result = await pluginService(strapi, 'intake').accept(parsed.data);
    } catch (err) {
      // Database and driver errors can quote the statement and its values: log the kind only.
      strapi.log.error(`secure-forms: a submission could not be stored (${errorKind(err)})`);
      // Nothing was kept (the write is one statement), so the visitor's only move is to
      // retry: 503 says so, whether the database is down or briefly locked.
      ctx.set('Retry-After', '30');
      return ctx.serviceUnavailable('Secure submissions are unavailable right now; nothing was stored, please try again shortly');
    }
    switch (result.kind) {
      case 'accepted':
        ctx.status = 202;
        ctx.body = { id: result.id, status: result.status };
        return;
      case 'unknown-form':
        return ctx.notFound('No published form has this slug');
      case 'unknown-kid':
        return ctx.badRequest('The envelope is sealed to a key the portal does not offer; reload the form and try again');
      case 'no-keyset':
        ctx.set('Retry-After', '30');
        return ctx.serviceUnavailable('Secure submissions are unavailable right now; please try again shortly');
      case 'conflict':
        return ctx.conflict('A different submission with this id was already received');
    }
  },
});
