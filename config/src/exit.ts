import { ConfigError } from './errors';

/**
 * Runs a loader and, on a configuration error, prints the message and stops the
 * process: a service must not start half-configured. Other errors propagate.
 */
export function exitOnConfigError<T>(load: () => T): T {
  try {
    return load();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
}
