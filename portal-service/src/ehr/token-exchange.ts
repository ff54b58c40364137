import type { Db } from '../db/types';
import type { AuditPort, AuditRecord } from '../fhir/audit-port';
import { EHR_ACTOR_PREFIX } from '../fhir/audit-event';
import { ASSERTION_TYPE, CLOCK_SKEW_SECONDS, checkClaims, claimedClientId } from './assertion';
import { findActiveClient } from './clients';
import { decodeJws, verifyJws } from './jws';
import { grantScopes, splitScopes } from './scopes';
import { ACCESS_TOKEN_SECONDS, issueAccessToken } from './tokens';

export interface TokenResponse {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  scope: string;
}

/** RFC 6749 §5.2 error codes; the description is safe to show (no key material, no input echoed). */
export interface OAuthError {
  status: 400 | 401;
  error: 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unsupported_grant_type' | 'invalid_scope';
  error_description: string;
}

export interface ExchangeDeps {
  db: Db;
  audit: AuditPort;
  now: Date;
  /** The absolute URL of this endpoint: the only audience an assertion may name. */
  tokenUrl: string;
  meta: { ip?: string; requestId?: string };
}

// Audit details hold code-shaped strings only; a kid that is not one is left out.
const CODE_SHAPE = /^[A-Za-z0-9][A-Za-z0-9._:@/+-]{0,79}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function refuse(status: OAuthError['status'], error: OAuthError['error'], description: string, reason: string): { error: OAuthError; reason: string } {
  return { error: { status, error, error_description: description }, reason };
}

/**
 * The client-credentials grant with a private_key_jwt assertion. Every outcome
 * writes an audit row: `ehr.token.issued` with the granted scopes, or
 * `ehr.token.refused` with a reason code.
 */
export async function exchangeClientAssertion(deps: ExchangeDeps, params: Readonly<Record<string, string>>): Promise<{ ok: true; body: TokenResponse } | { ok: false; error: OAuthError }> {
  let actorId: string | null = null;
  let clinicId: string | null = null;
  const attempt = async (): Promise<{ body: TokenResponse } | { error: OAuthError; reason: string }> => {
    if (params.grant_type !== 'client_credentials') return refuse(400, 'unsupported_grant_type', 'Only grant_type=client_credentials is supported.', 'unsupported-grant');
    if (params.client_assertion_type !== ASSERTION_TYPE) return refuse(401, 'invalid_client', `client_assertion_type must be ${ASSERTION_TYPE}.`, 'assertion-type');
    if (!params.client_assertion) return refuse(401, 'invalid_client', 'client_assertion is required.', 'no-assertion');
    if (!params.scope) return refuse(400, 'invalid_scope', 'scope is required, e.g. system/QuestionnaireResponse.rs.', 'no-scope');
    const decoded = decodeJws(params.client_assertion);
    if (!decoded.ok) return refuse(401, 'invalid_client', `The client assertion is not usable (${decoded.reason}).`, decoded.reason);
    const clientId = claimedClientId(decoded.jws.payload);
    if (!clientId || !UUID.test(clientId) || (params.client_id !== undefined && params.client_id !== clientId)) {
      return refuse(401, 'invalid_client', 'The assertion must name the client id as both iss and sub.', 'bad-client-id');
    }
    actorId = `${EHR_ACTOR_PREFIX}${clientId}`;
    const client = await findActiveClient(deps.db, clientId);
    if (!client) return refuse(401, 'invalid_client', 'Unknown or revoked client.', 'unknown-client');
    clinicId = client.clinicId;
    const verified = verifyJws(decoded.jws, client.jwks.keys);
    if (!verified.ok) return refuse(401, 'invalid_client', `The client assertion signature does not verify (${verified.reason}).`, verified.reason);
    const claims = checkClaims(decoded.jws.payload, { clientId, tokenUrl: deps.tokenUrl, now: deps.now });
    if (!claims.ok) return refuse(401, 'invalid_client', `The client assertion is not acceptable (${claims.reason}).`, claims.reason);
    const granted = grantScopes(splitScopes(params.scope), client.scopes);
    if (granted.length === 0) return refuse(400, 'invalid_scope', 'None of the requested scopes is registered for this client.', 'no-granted-scope');

    return deps.db.transaction(async (tx) => {
      // A jti is remembered for as long as its assertion could be presented.
      await tx.query(`DELETE FROM ehr_assertion_jtis WHERE expires_at < $1`, [deps.now]);
      const fresh = await tx.query(`INSERT INTO ehr_assertion_jtis (client_id, jti, expires_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [
        clientId,
        claims.claims.jti,
        new Date(claims.claims.expiresAt.getTime() + CLOCK_SKEW_SECONDS * 1000),
      ]);
      if (fresh.rowCount === 0) return refuse(401, 'invalid_client', 'This client assertion was already used; sign a new one with a fresh jti.', 'replayed-jti');
      const issued = await issueAccessToken(tx, { clientId, clinicId: client.clinicId, scopes: granted, now: deps.now });
      await deps.audit(tx, {
        event: 'ehr.token.issued',
        outcome: 'success',
        actorType: 'service',
        actorId,
        action: 'E',
        resourceType: 'ehr-client',
        resourceId: clientId,
        clinicId: client.clinicId,
        ...deps.meta,
        detail: { scopes: granted, ...(verified.kid && CODE_SHAPE.test(verified.kid) ? { kid: verified.kid } : {}), expiresIn: ACCESS_TOKEN_SECONDS },
      });
      return { body: { access_token: issued.token, token_type: 'bearer' as const, expires_in: ACCESS_TOKEN_SECONDS, scope: granted.join(' ') } };
    });
  };

  const outcome = await attempt();
  if ('body' in outcome) return { ok: true, body: outcome.body };
  const record: AuditRecord = {
    event: 'ehr.token.refused',
    outcome: 'denied',
    actorType: actorId ? 'service' : 'anonymous',
    actorId,
    action: 'E',
    resourceType: 'ehr-client',
    clinicId,
    ...deps.meta,
    detail: { reason: outcome.reason },
  };
  await deps.db.transaction((tx) => deps.audit(tx, record));
  return { ok: false, error: outcome.error };
}
