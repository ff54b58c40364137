import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context, Next } from 'koa';
import { projectLegacyChange, projectUpdateSchema } from './snapshot';
import type { SchemaSnapshot, Violation } from './violations';

type Guard = {
  snapshot(): SchemaSnapshot;
  schemaViolations(s?: SchemaSnapshot): Violation[];
  formViolations(form: { slug: string; fields: Array<Record<string, unknown>> }): Violation[];
  classification(): { secureForms?: { contentType: string; fieldsAttribute: string } };
};

const guard = (strapi: Core.Strapi) => strapi.plugin('hardening').service('guard') as Guard;

export function refuse(violations: Violation[], what: string): never {
  const [first, ...rest] = violations;
  throw new errors.ValidationError(`${first?.message ?? 'Refused'}${rest.length ? ` (and ${rest.length} more)` : ''}`, {
    code: 'CLASSIFICATION_VIOLATION',
    what,
    violations: violations.map((v) => ({ rule: v.rule, target: v.target, message: v.message })),
  });
}

/** The schema a content-type builder call would produce, from its handler and body. */
function projected(strapi: Core.Strapi, handler: string, ctx: Context): SchemaSnapshot | undefined {
  const current = guard(strapi).snapshot();
  const body = (ctx.request as { body?: unknown }).body;
  const uid = typeof ctx.params?.uid === 'string' ? ctx.params.uid : undefined;
  switch (handler) {
    case 'schema.updateSchema':
      return projectUpdateSchema(current, body);
    case 'content-types.createContentType':
      return projectLegacyChange(current, { kind: 'contentType', body });
    case 'content-types.updateContentType':
      return projectLegacyChange(current, { kind: 'contentType', uid, body });
    case 'components.createComponent':
      return projectLegacyChange(current, { kind: 'component', body });
    case 'components.updateComponent':
      return projectLegacyChange(current, { kind: 'component', uid, body });
    case 'content-types.deleteContentType':
      return { ...current, contentTypes: current.contentTypes.filter((c) => c.uid !== uid) };
    case 'components.deleteComponent':
      return { ...current, components: current.components.filter((c) => c.uid !== uid) };
    default:
      return undefined;
  }
}

/**
 * Puts the guard in front of every content-type builder route that writes a
 * schema, ahead of the builder's own checks: the save is refused before a file
 * is written, with the type and field named.
 */
export function guardSchemaSaves(strapi: Core.Strapi): void {
  const ctb = strapi.plugin('content-type-builder') as unknown as { routes?: Record<string, { routes?: RouteDef[] }> } | undefined;
  const adminRoutes = ctb?.routes?.admin?.routes ?? [];
  const writes = adminRoutes.filter((r) => r.method !== 'GET');
  for (const route of writes) {
    const handler = route.handler;
    const check = async (ctx: Context, next: Next) => {
      const snapshot = projected(strapi, handler, ctx);
      if (snapshot) {
        const violations = guard(strapi).schemaViolations(snapshot);
        if (violations.length > 0) refuse(violations, 'schema');
      }
      await next();
    };
    route.config = { ...route.config, middlewares: [check, ...(route.config?.middlewares ?? [])] };
  }
  if (writes.length === 0) strapi.log.warn('[hardening] content-type builder routes not found: schema saves are only checked at boot');
}

interface RouteDef {
  method: string;
  handler: string;
  config?: { middlewares?: unknown[]; [k: string]: unknown };
}

/** Refuses, in every environment, to store a secure form whose fields lack a sensitivity tag. */
export function guardFormSaves(strapi: Core.Strapi): void {
  strapi.documents.use(async (ctx, next) => {
    const sf = guard(strapi).classification().secureForms;
    if (sf && ctx.uid === sf.contentType && (ctx.action === 'create' || ctx.action === 'update')) {
      const data = (ctx.params as { data?: Record<string, unknown> }).data;
      const fields = data?.[sf.fieldsAttribute];
      if (Array.isArray(fields)) {
        const slug = typeof data?.slug === 'string' ? data.slug : String((ctx.params as { documentId?: string }).documentId ?? 'new form');
        const violations = guard(strapi).formViolations({ slug, fields: fields.filter((f): f is Record<string, unknown> => typeof f === 'object' && f !== null) });
        if (violations.length > 0) refuse(violations, 'secure-form');
      }
    }
    return next();
  });
}
