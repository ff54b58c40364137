import type { FastifyInstance } from 'fastify';
import type { IdentityOptions } from './identity';

/**
 * Reads what the identity services need from the platform's decorators. Until
 * those exist the caller must pass every option explicitly.
 */
export function platformIdentityOptions(_app: FastifyInstance, given: Partial<IdentityOptions>): IdentityOptions {
  const required = ['db', 'clock', 'secrets', 'keys', 'audit', 'session', 'lockoutThreshold', 'publicUrl', 'cookieSecure'] as const;
  const missing = required.filter((k) => given[k] === undefined);
  if (missing.length) throw new Error(`app plugins: missing ${missing.join(', ')}`);
  return given as IdentityOptions;
}
