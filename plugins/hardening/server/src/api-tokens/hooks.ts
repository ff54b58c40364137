import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { tokenRefusal, type TokenKind } from './rules';

type TokenService = { create?: (attrs: object, ...rest: unknown[]) => unknown; update?: (id: unknown, attrs: object, ...rest: unknown[]) => unknown };

function guard(strapi: Core.Strapi, service: TokenService | undefined, kind: TokenKind, name: string): void {
  if (!service?.create || !service.update) throw new Error(`[hardening] token service ${name} not found: refusing to start without the token rules`);
  const { create, update } = service;
  // On a fresh database Strapi's admin bootstrap creates an unlimited "Read Only" and an unlimited
  // "Full Access" token from these very objects; neither meets the rules, so neither is created.
  type Constants = { DEFAULT_API_TOKENS?: object[]; default?: { DEFAULT_API_TOKENS?: object[] } };
  const constants = strapi.service('admin::constants') as Constants | undefined;
  const strapiDefaults = (constants?.DEFAULT_API_TOKENS ?? constants?.default?.DEFAULT_API_TOKENS ?? []).map((t) => JSON.stringify(t));
  service.create = function (attrs: object, ...rest: unknown[]) {
    const refusal = tokenRefusal(kind, attrs, 'create');
    if (refusal && rest[0] === undefined && strapiDefaults.includes(JSON.stringify(attrs))) {
      strapi.log.info(`[hardening] not creating Strapi's default API token "${(attrs as { name?: string }).name}": ${refusal}`);
      return undefined;
    }
    if (refusal) throw new errors.ValidationError(refusal, { code: 'TOKEN_RULE' });
    return create.call(this, attrs, ...rest);
  };
  service.update = function (id: unknown, attrs: object, ...rest: unknown[]) {
    const refusal = tokenRefusal(kind, attrs, 'update');
    if (refusal) throw new errors.ValidationError(refusal, { code: 'TOKEN_RULE' });
    return update.call(this, id, attrs, ...rest);
  };
}

/**
 * Puts the token rules into Strapi's token services themselves, so every way
 * of creating a token (admin UI, admin API, scripts) meets them.
 */
export function enforceTokenRules(strapi: Core.Strapi): void {
  // 'api-token' is the deprecated alias of the same content-API service object.
  guard(strapi, strapi.service('admin::api-token-content-api') as TokenService, 'content-api', 'admin::api-token-content-api');
  guard(strapi, strapi.service('admin::api-token-admin') as TokenService, 'admin', 'admin::api-token-admin');
  guard(strapi, (strapi.service('admin::transfer') as { token?: TokenService } | undefined)?.token, 'transfer', 'admin::transfer.token');
}

/** Tokens made before these rules (or by hand in the database) are reported at every start. */
export async function reportLegacyTokens(strapi: Core.Strapi): Promise<void> {
  const tokens = (await strapi.db.query('admin::api-token').findMany({ select: ['id', 'name', 'type', 'expiresAt'] })) as Array<{ id: number; name: string; type: string | null; expiresAt: unknown }>;
  for (const t of tokens) {
    if (t.type === 'full-access') strapi.log.warn(`[hardening] API token #${t.id} "${t.name}" has full access; replace it with a read-only or custom token.`);
    if (!t.expiresAt) strapi.log.warn(`[hardening] API token #${t.id} "${t.name}" never expires; replace it with one that does.`);
  }
}
