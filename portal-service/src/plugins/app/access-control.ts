import type { FastifyReply, FastifyRequest } from 'fastify';
import { isAction } from '../../access/actions';
import { HttpError, forbidden, unauthorized } from '../../access/http-errors';
import { SubmissionRepository } from '../../access/submission-repository';
import { csrfMatches } from '../../identity/sessions';
import { requestMeta } from './identity';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The one gate of the staff API, run before every route of its context. A route
 * states what it needs in `config.access`; a route that states nothing is
 * refused, so forgetting a rule fails closed.
 */
export async function accessControl(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  const requirement = request.routeOptions.config?.access;
  const identity = request.server.identity;
  const meta = requestMeta(request);
  const deny = async (error: HttpError, reason: string, actorId: string | null) => {
    await identity.options.db.transaction((tx) =>
      identity.options.audit(tx, { event: 'access.denied', outcome: 'denied', actorType: actorId ? 'staff' : 'anonymous', actorId, action: 'E', resourceType: 'route', resourceId: request.routeOptions.url, detail: { reason } }, meta),
    );
    return error;
  };

  if (requirement === undefined) throw await deny(forbidden('Access denied: this route has no access rule.'), 'no-rule', null);
  if (requirement === 'public') return;

  const auth = await identity.authenticate(request);
  const stage = auth.session.stage;
  if (requirement === 'pending-mfa' && stage !== 'password') {
    throw new HttpError(409, 'You are already signed in.');
  }
  if ((requirement === 'authenticated' || isAction(requirement)) && stage !== 'mfa') {
    throw unauthorized('Finish signing in with your authenticator code first.');
  }
  if (isAction(requirement) && !auth.policy.can(requirement)) {
    throw await deny(forbidden(), `not-permitted:${requirement}`, auth.staff.id);
  }
  if (!SAFE_METHODS.has(request.method) && !csrfMatches(auth.session, request.headers['x-csrf-token'])) {
    throw await deny(forbidden('Missing or invalid CSRF token. Reload the page and try again.'), 'csrf', auth.staff.id);
  }
  request.auth = auth;
  if (stage === 'mfa') {
    request.submissions = new SubmissionRepository({ db: identity.options.db, audit: identity.options.audit, keys: identity.options.keys }, auth.policy, meta);
  }
}

/** For handlers: the context the gate attached; its absence is a wiring bug, not a user error. */
export function authOf(request: FastifyRequest) {
  if (!request.auth) throw new Error('route reached without an access context');
  return request.auth;
}

export function submissionsOf(request: FastifyRequest): SubmissionRepository {
  if (!request.submissions) throw new Error('route reached without a submission repository');
  return request.submissions;
}
