import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import '@fastify/rate-limit';
import { z } from 'zod';
import { HttpError } from '../../access/http-errors';
import type { IssuedSession } from '../../identity/sessions';
import { authOf } from '../../plugins/app/access-control';
import { clearSessionCookie, readSessionCookie, setSessionCookie } from '../../plugins/app/cookie';
import { requestMeta } from '../../plugins/app/identity';
import { EnrollConfirmBody, EnrollConfirmed, EnrollmentBody, EnrollStart, LoginBody, NextStep, SignedIn, TotpBody } from './schemas';

/** Throttle answers carry Retry-After; the platform's error handler keeps headers set on the reply. */
async function withRetryAfter<T>(reply: FastifyReply, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof HttpError) for (const [k, v] of Object.entries(err.headers)) reply.header(k, v);
    throw err;
  }
}

/**
 * Guessing endpoints get a much tighter budget than the listener-wide limit,
 * per client address, on top of the per-account delay and lockout (which an
 * attacker spraying many accounts from one address would otherwise dodge).
 */
export const AUTH_RATE_LIMIT = { max: 30, timeWindow: '1 minute' } as const;

const authRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const secure = () => app.identity.options.cookieSecure;
  const signedIn = (reply: FastifyReply, issued: IssuedSession) => {
    setSessionCookie(reply, issued.token, secure());
    return { signedIn: true as const, csrfToken: issued.csrfToken, expiresAt: issued.session.expiresAt.toISOString() };
  };

  app.post('/login', {
    config: { access: 'public', rateLimit: AUTH_RATE_LIMIT },
    schema: { tags: ['auth'], summary: 'Password step; opens a session that must pass TOTP', body: LoginBody, response: { 200: NextStep } },
  }, async (request, reply) => {
    const result = await withRetryAfter(reply, () => app.identity.auth.login(request.body.email, request.body.password, requestMeta(request), readSessionCookie(request)));
    setSessionCookie(reply, result.issued.token, secure());
    return { next: result.next, csrfToken: result.issued.csrfToken };
  });

  app.post('/totp', {
    config: { access: 'pending-mfa', rateLimit: AUTH_RATE_LIMIT },
    schema: { tags: ['auth'], summary: 'Second factor: a TOTP code or a recovery code', body: TotpBody, response: { 200: SignedIn } },
  }, async (request, reply) => {
    const { session } = authOf(request);
    const meta = requestMeta(request);
    const body = request.body;
    const issued = await withRetryAfter(reply, () =>
      'code' in body ? app.identity.auth.verifyTotp(session, body.code, meta) : app.identity.auth.useRecoveryCode(session, body.recoveryCode, meta),
    );
    return signedIn(reply, issued);
  });

  app.post('/enroll/start', {
    config: { access: 'pending-mfa' },
    schema: { tags: ['auth'], summary: 'New authenticator secret, as an otpauth URI and a QR code', response: { 200: EnrollStart } },
  }, async (request) => app.identity.enrollment.startTotp(authOf(request).session, requestMeta(request)));

  app.post('/enroll/confirm', {
    config: { access: 'pending-mfa', rateLimit: AUTH_RATE_LIMIT },
    schema: { tags: ['auth'], summary: 'First code from the app; returns the recovery codes once', body: EnrollConfirmBody, response: { 200: EnrollConfirmed } },
  }, async (request, reply) => {
    const { issued, recoveryCodes } = await withRetryAfter(reply, () =>
      app.identity.enrollment.confirmTotp(authOf(request).session, request.body.code, requestMeta(request)),
    );
    return { ...signedIn(reply, issued), recoveryCodes };
  });

  app.post('/enrollment', {
    config: { access: 'public', rateLimit: AUTH_RATE_LIMIT },
    schema: { tags: ['auth'], summary: 'Set the first password from an enrollment link', body: EnrollmentBody, response: { 200: NextStep } },
  }, async (request, reply) => {
    const issued = await app.identity.enrollment.enrollWithToken(request.body.token, request.body.password, requestMeta(request));
    setSessionCookie(reply, issued.token, secure());
    return { next: 'enroll' as const, csrfToken: issued.csrfToken };
  });

  app.post('/logout', {
    config: { access: 'session' },
    schema: { tags: ['auth'], summary: 'Ends the session on the server', response: { 204: z.null() } },
  }, async (request, reply) => {
    await app.identity.auth.logout(authOf(request).session, requestMeta(request));
    clearSessionCookie(reply, secure());
    return reply.code(204).send(null);
  });
};

export default authRoutes;
