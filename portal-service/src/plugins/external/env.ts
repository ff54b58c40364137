import type { PortalConfig } from '@palisade/config';
import fp from 'fastify-plugin';
import type { Clock } from '../../clock';
import './types';

export interface EnvOptions {
  config: PortalConfig;
  clock: Clock;
}

/** Decorates `app.config` and `app.clock`. */
export default fp<EnvOptions>(
  async (app, opts) => {
    app.decorate('config', opts.config);
    app.decorate('clock', opts.clock);
  },
  { name: 'palisade-env' },
);
