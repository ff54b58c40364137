import type { FastifyRequest } from 'fastify';
import { requestMeta } from '../../plugins/app/identity';
import { scopeAllows } from '../../ehr/scopes';
import { resolveAccessToken } from '../../ehr/tokens';
import { clientCaller, staffCaller } from '../../fhir/caller';
import type { AuditPort } from '../../fhir/audit-port';
import { FhirError, fhirForbidden, fhirUnauthorized } from '../../fhir/operation-outcome';

const BEARER = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/;

function invalidToken(): FhirError {
  return new FhirError(401, 'login', 'The access token is not valid or has expired; request a new one at /oauth/token.', {
    'www-authenticate': 'Bearer realm="palisade-fhir", error="invalid_token"',
  });
}

/**
 * The one gate of the FHIR API (an onRequest hook of its context). A request
 * carries either a bearer token from /oauth/token or a staff session; it is
 * then held to the same policy as the staff API, plus the token's scopes.
 * Routes without a declared requirement are refused.
 */
export function fhirGate(audit: AuditPort) {
  return async function gate(request: FastifyRequest): Promise<void> {
    const requirement = request.routeOptions.config?.fhir;
    const app = request.server;
    const meta = requestMeta(request);
    const deny = async (actorType: 'staff' | 'service' | 'anonymous', actorId: string | null, reason: string) =>
      app.db.transaction((tx) =>
        audit(tx, { event: 'access.denied', outcome: 'denied', actorType, actorId, action: 'E', resourceType: 'route', resourceId: request.routeOptions.url, ip: meta.ip, requestId: meta.requestId, detail: { reason, via: 'fhir' } }),
      );

    // Unknown endpoints reach the not-found handler (an OperationOutcome), not the deny path.
    if (request.is404) return;
    if (requirement === undefined) {
      await deny('anonymous', null, 'no-rule');
      throw fhirForbidden('This endpoint has no access rule.');
    }
    if (requirement === 'public') return;

    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const token = BEARER.exec(authorization)?.[1];
      const grant = token ? await resolveAccessToken(app.db, token, app.clock.now()) : undefined;
      if (!grant) {
        await app.db.transaction((tx) =>
          audit(tx, { event: 'ehr.token.rejected', outcome: 'denied', actorType: 'anonymous', actorId: null, action: 'E', resourceType: 'route', resourceId: request.routeOptions.url, ip: meta.ip, requestId: meta.requestId, detail: { reason: token ? 'unknown-or-expired' : 'not-bearer' } }),
        );
        throw invalidToken();
      }
      const caller = clientCaller({ db: app.db, keys: app.keys, audit }, grant, meta);
      if (requirement.resource === 'AuditEvent' || !scopeAllows(grant.scopes, requirement.resource, requirement.interaction)) {
        await deny('service', caller.actorId, `scope:${requirement.resource}.${requirement.interaction}`);
        throw new FhirError(403, 'forbidden', `The token's scopes do not allow ${requirement.interaction} on ${requirement.resource}.`, {
          'www-authenticate': 'Bearer realm="palisade-fhir", error="insufficient_scope"',
        });
      }
      request.fhirCaller = caller;
      return;
    }

    if (!request.cookies) throw fhirUnauthorized();
    const auth = await app.identity.authenticate(request).catch((err: unknown) => {
      // The identity service has audited why; anything but a 401 is a real failure.
      throw (err as { statusCode?: number }).statusCode === 401 ? fhirUnauthorized() : err;
    });
    if (auth.session.stage !== 'mfa') throw fhirUnauthorized('Finish signing in with your authenticator code first.');
    if (requirement.resource === 'AuditEvent' && !auth.policy.can('audit:search')) {
      await deny('staff', auth.staff.id, 'not-permitted:audit:search');
      throw fhirForbidden('Only auditors read the audit trail.');
    }
    request.fhirCaller = staffCaller({ db: app.db, keys: app.keys, audit: app.identity.options.audit }, auth.policy, meta);
  };
}

export function callerOf(request: FastifyRequest) {
  if (!request.fhirCaller) throw new Error('fhir route reached without a caller');
  return request.fhirCaller;
}
