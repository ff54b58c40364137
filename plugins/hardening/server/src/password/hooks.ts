import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context, Next } from 'koa';
import { prependToAdminRoute } from '../utils/admin-routes';
import { pluginConfig } from '../utils/plugin-config';
import { passwordRefusal } from './policy';

function refuseIfWeak(strapi: Core.Strapi, password: unknown): void {
  if (typeof password !== 'string') return;
  const refusal = passwordRefusal(password, pluginConfig(strapi).password.minLength);
  if (refusal) throw new errors.ValidationError(refusal.message, { code: `PASSWORD_${refusal.code}`, errors: [{ path: ['password'], message: refusal.message, name: 'ValidationError' }] });
}

/**
 * Strapi hashes every admin password it stores (first admin, invited
 * registration, user create and update, profile change, reset, the
 * admin:reset-user-password command) through `admin::auth.hashPassword`, before
 * writing anything: the policy sits there, so no path around it exists and a
 * refused password leaves nothing behind.
 */
export function enforcePasswordPolicy(strapi: Core.Strapi): void {
  const auth = strapi.service('admin::auth') as { hashPassword?: (password: string) => Promise<string> } | undefined;
  const hash = auth?.hashPassword;
  if (!auth || !hash) throw new Error('[hardening] admin::auth.hashPassword not found: refusing to start without the password policy');
  auth.hashPassword = (password: string) => {
    refuseIfWeak(strapi, String(password ?? ''));
    return hash.call(auth, password);
  };
}

// Where the password sits in each admin route's body.
const PASSWORD_ROUTES: Array<[string, (body: Record<string, unknown>) => unknown]> = [
  ['authentication.registerAdmin', (b) => b.password],
  ['authentication.register', (b) => (b.userInfo as Record<string, unknown> | undefined)?.password],
  ['authentication.resetPassword', (b) => b.password],
  ['authenticated-user.updateMe', (b) => b.password],
  ['user.update', (b) => b.password],
];

/**
 * The same policy, checked again before the admin's handlers run: a profile
 * change would otherwise sign the admin out of every session before the
 * refused password ever reached the hash.
 */
export function checkPasswordsEarly(strapi: Core.Strapi): void {
  for (const [handler, pick] of PASSWORD_ROUTES) {
    prependToAdminRoute(strapi, handler, async (ctx: Context, next: Next) => {
      const body = (ctx.request as { body?: unknown }).body;
      if (body && typeof body === 'object') refuseIfWeak(strapi, pick(body as Record<string, unknown>));
      await next();
    });
  }
}
