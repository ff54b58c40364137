import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context, Next } from 'koa';

export const MFA_PAGE = '/admin/mfa';

interface RouteState {
  route?: { handler?: unknown; info?: { type?: string; pluginName?: string } };
  auth?: { strategy?: { name?: string } };
  session?: { id?: string };
  user?: { id?: number };
}

/** Routes a password-only session may call: the second-factor steps themselves, and sign-out. */
export function exemptFromGate(route: RouteState['route']): boolean {
  const plugin = route?.info?.pluginName;
  const handler = typeof route?.handler === 'string' ? route.handler : '';
  return (plugin === 'hardening' && handler.startsWith('mfa.')) || (plugin === 'admin' && handler === 'authentication.logout');
}

/**
 * The second-factor gate. Strapi's route pipeline resolves `strapi.get('auth')`
 * on every request, so wrapping its `authenticate` puts this check right after
 * a successful admin authentication on every admin-API route, core and plugin
 * alike, before any policy or handler. A session that signed in with a
 * password only gets a 403 `MFA_REQUIRED` everywhere except the second-factor
 * routes. Admin tokens pass: they can only be created from a session that
 * passed the factor, must expire, and every use is audited.
 */
export function installMfaGate(strapi: Core.Strapi): void {
  const auth = strapi.get('auth') as { authenticate(ctx: Context, next: Next): Promise<unknown> };
  const authenticate = auth.authenticate.bind(auth);
  auth.authenticate = (ctx: Context, next: Next) =>
    authenticate(ctx, async () => {
      const state = ctx.state as RouteState;
      if (state.route?.info?.type === 'admin' && state.auth?.strategy?.name === 'admin' && !exemptFromGate(state.route)) {
        const sessions = strapi.plugin('hardening').service('mfa-sessions') as { isVerified(sessionId: string | undefined, userId: number): Promise<boolean> };
        if (!(await sessions.isVerified(state.session?.id, Number(state.user?.id)))) {
          // A PolicyError (a ForbiddenError) keeps its message and details: Strapi's admin-panel catch-all
          // route, which wraps every GET under /admin, turns any other ForbiddenError into a bare 403.
          throw new errors.PolicyError('Second factor required: finish signing in at /admin/mfa.', { code: 'MFA_REQUIRED', location: MFA_PAGE });
        }
      }
      return next();
    });
}
