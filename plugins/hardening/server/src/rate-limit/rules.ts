import type { HardeningConfig } from '../config/types';

export type Bucket = 'admin-auth' | 'intake' | 'public';

export const INTAKE_PATH = '/api/secure-forms/submissions';

// Every step where a password, a reset token or a second factor is guessed.
const ADMIN_AUTH_PATHS = new Set([
  '/admin/login',
  '/admin/register-admin',
  '/admin/register',
  '/admin/forgot-password',
  '/admin/reset-password',
  '/admin/mfa/verify',
  '/admin/mfa/enroll/confirm',
]);

const strip = (path: string) => (path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path);

/** Which limit a request counts against; undefined for the rest of the admin (behind sign-in and the second factor). */
export function bucketFor(method: string, rawPath: string): Bucket | undefined {
  const path = strip(rawPath);
  if (method === 'POST' && ADMIN_AUTH_PATHS.has(path)) return 'admin-auth';
  if (method === 'POST' && path === INTAKE_PATH) return 'intake';
  if (path === '/api' || path.startsWith('/api/')) return 'public';
  return undefined;
}

export function limitFor(bucket: Bucket, c: HardeningConfig['rateLimit']): number {
  if (bucket === 'admin-auth') return c.adminLoginPerMinute;
  if (bucket === 'intake') return c.intakePerMinute;
  return c.publicPerMinute;
}
