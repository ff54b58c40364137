import fp from 'fastify-plugin';
import { createIdentity, type IdentityOptions } from './identity';
import { platformIdentityOptions } from './platform';
import './types';

export interface AppPluginOptions {
  /** Replaces what is read from the platform's decorators (tests, embedding). */
  identity?: Partial<IdentityOptions>;
}

/**
 * Application plugins, registered after the external ones: the identity
 * services (sessions, login, enrollment) and the request decorations the access
 * gate fills (`request.auth`, `request.submissions`).
 */
export default fp<AppPluginOptions>(
  async (app, opts) => {
    const identity = createIdentity({ ...platformIdentityOptions(app, opts.identity ?? {}), ...opts.identity });
    app.decorate('identity', identity);
    app.decorateRequest('auth', null);
    app.decorateRequest('submissions', null);
  },
  { name: 'palisade-app-plugins' },
);
