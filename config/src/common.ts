import { z } from 'zod';
import { variable } from './define';
import { defaultHome } from './paths';

export const common = {
  nodeEnv: variable({
    name: 'NODE_ENV',
    owner: 'all',
    doc: 'development, test or production. Production refuses generated development secrets.',
    defaultText: 'development',
    schema: z
      .enum(['development', 'test', 'production'], { message: 'must be development, test or production' })
      .default('development'),
  }),
  home: variable({
    name: 'PALISADE_HOME',
    owner: 'all',
    doc: 'Folder for embedded databases and generated development keys (git-ignored).',
    defaultText: '<repo>/.palisade',
    schema: z.string().min(1).default(defaultHome),
  }),
  logLevel: variable({
    name: 'LOG_LEVEL',
    owner: 'all',
    doc: 'Log level: fatal, error, warn, info, debug, trace or silent.',
    defaultText: 'info',
    schema: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
        message: 'must be one of fatal, error, warn, info, debug, trace, silent',
      })
      .default('info'),
  }),
};
