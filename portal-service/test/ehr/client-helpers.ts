import { clientAssertion, clientKey, type TestClientKey } from '../../src/ehr/ehr.fixtures';
import { ASSERTION_TYPE } from '../../src/ehr/assertion';
import type { World } from '../fhir/world';

export interface RegisteredClient {
  id: string;
  key: TestClientKey;
}

/** Registers a client through the admin API, as an administrator would. */
export async function registerClient(w: World, opts: { clinic?: string; scopes?: string | string[]; alg?: 'ES384' | 'RS384'; answerScope?: 'all' | 'contact-only'; name?: string } = {}): Promise<RegisteredClient> {
  const key = clientKey(opts.alg ?? 'ES384');
  const res = await w.apps.staff.inject({
    method: 'POST',
    url: '/api/admin/ehr-clients',
    headers: w.staff.admin.headers,
    payload: { clinic: opts.clinic ?? 'north', name: opts.name ?? 'North EHR', scopes: opts.scopes ?? ['system/QuestionnaireResponse.rs', 'system/Questionnaire.rs'], jwks: { keys: [key.publicJwk] }, ...(opts.answerScope ? { answerScope: opts.answerScope } : {}) },
  });
  if (res.statusCode !== 201) {
    const failure = w.apps.logs.filter((l) => l.includes('request failed')).at(-1) ?? '';
    throw new Error(`registration failed: ${res.statusCode} ${res.body} ${failure.slice(0, 800)}`);
  }
  return { id: res.json<{ id: string }>().id, key };
}

export function tokenUrl(w: World): string {
  return `${w.apps.config.publicUrl}/oauth/token`;
}

export function tokenRequest(w: World, form: Record<string, string>) {
  return w.apps.staff.inject({ method: 'POST', url: '/oauth/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(form).toString() });
}

export function assertionFor(w: World, client: RegisteredClient, opts: { jti?: string; lifetimeSeconds?: number; extra?: Record<string, unknown> } = {}): string {
  return clientAssertion(client.key, { clientId: client.id, tokenUrl: tokenUrl(w), now: w.clock.now(), ...opts });
}

export function grantForm(assertion: string, scope = 'system/QuestionnaireResponse.rs'): Record<string, string> {
  return { grant_type: 'client_credentials', client_assertion_type: ASSERTION_TYPE, client_assertion: assertion, scope };
}

/** A token for `scope`, or the failing response as an error. */
export async function accessToken(w: World, client: RegisteredClient, scope = 'system/QuestionnaireResponse.rs'): Promise<string> {
  const res = await tokenRequest(w, grantForm(assertionFor(w, client), scope));
  if (res.statusCode !== 200) throw new Error(`token failed: ${res.statusCode} ${res.body}`);
  return res.json<{ access_token: string }>().access_token;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
