/**
 * Errors the platform's one error handler turns into problem+json. The message
 * is shown to the client for 4xx, so it must never carry input, PHI or secrets.
 */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
    readonly code: string = `PORTAL_${statusCode}`,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const GENERIC_LOGIN_FAILURE = 'The email, password or code is not correct.';

export const unauthorized = (message = 'Sign in to continue.') => new HttpError(401, message);
export const forbidden = (message = 'You do not have access to this.') => new HttpError(403, message);
export const notFound = (message = 'Not found.') => new HttpError(404, message);
export const badRequest = (message: string) => new HttpError(400, message);
export const conflict = (message: string) => new HttpError(409, message);
export const tooManyAttempts = (retryAfterSeconds: number) =>
  new HttpError(429, `Too many failed attempts. Try again in ${retryAfterSeconds} seconds.`, { 'retry-after': String(retryAfterSeconds) });
export const accountLocked = (retryAfterSeconds: number) =>
  new HttpError(
    423,
    `This account is locked after too many failed attempts. Try again in ${Math.ceil(retryAfterSeconds / 60)} minutes or ask an administrator to unlock it.`,
    { 'retry-after': String(retryAfterSeconds) },
  );
