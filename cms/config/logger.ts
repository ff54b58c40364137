import { cmsConfig } from '../src/palisade-config';

// Strapi's logger is winston: map Palisade's pino-style levels onto winston's.
const levels: Record<string, string> = { fatal: 'error', error: 'error', warn: 'warn', info: 'http', debug: 'debug', trace: 'silly' };

export default () => {
  const { logLevel } = cmsConfig();
  return logLevel === 'silent' ? { silent: true } : { level: levels[logLevel] ?? 'http' };
};
