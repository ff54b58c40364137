import { createHash } from 'node:crypto';
import { clientKey } from '../../src/ehr/ehr.fixtures';
import { testDatabases } from '../helpers/databases';
import { buildWorld, type World } from '../fhir/world';
import { accessToken, assertionFor, grantForm, registerClient, tokenRequest, type RegisteredClient } from './client-helpers';

describe.each(testDatabases())('EHR client registration and tokens on $name', (database) => {
  let w: World;
  let client: RegisteredClient;
  const refusals = async () =>
    (await w.apps.dbs.owner.query<{ actor_type: string; actor_id: string | null; detail: { reason: string } }>(`SELECT actor_type, actor_id, detail FROM audit_events WHERE event = 'ehr.token.refused' ORDER BY id`)).rows;

  beforeAll(async () => {
    w = await buildWorld(database);
    client = await registerClient(w);
  });
  afterAll(async () => w?.close());

  describe('registration (admins only)', () => {
    it('registers a client for a clinic, returning its id, scopes and key ids but no key material', async () => {
      const res = await w.apps.staff.inject({ method: 'GET', url: '/api/admin/ehr-clients', headers: w.staff.admin.headers });
      expect(res.statusCode).toBe(200);
      const listed = res.json<{ items: Record<string, unknown>[] }>().items.find((c) => c.id === client.id);
      expect(listed).toMatchObject({ clinicId: w.clinicA, scopes: ['system/Questionnaire.rs', 'system/QuestionnaireResponse.rs'], answerScope: 'all', keyIds: [client.key.kid], revokedAt: null });
      expect(res.body).not.toContain(String(client.key.publicJwk.x));
      const audit = await w.apps.dbs.owner.query(`SELECT actor_id, clinic_id FROM audit_events WHERE event = 'admin.ehr-client.register' AND resource_id = $1`, [client.id]);
      expect(audit.rows).toEqual([{ actor_id: w.staff.admin.staffId, clinic_id: w.clinicA }]);
    });

    it('refuses a private key, a wildcard or unknown scope and a non-admin, with clear 4xx answers', async () => {
      const privateJwk = client.key.privateKey.export({ format: 'jwk' });
      const cases: [Record<string, unknown>, RegExp][] = [
        [{ jwks: privateJwk }, /private key material/],
        [{ scopes: ['system/*.rs'] }, /not a scope a client can be registered with/],
        [{ scopes: ['system/AuditEvent.rs'] }, /not a scope/],
        [{ clinic: 'nowhere' }, /No clinic/],
      ];
      for (const [patch, message] of cases) {
        const res = await w.apps.staff.inject({
          method: 'POST',
          url: '/api/admin/ehr-clients',
          headers: w.staff.admin.headers,
          payload: { clinic: 'north', name: 'Bad', scopes: ['system/QuestionnaireResponse.rs'], jwks: client.key.publicJwk, ...patch },
        });
        expect(res.statusCode).toBe(400);
        expect(res.json().detail).toMatch(message);
        expect(res.body).not.toContain(String(privateJwk.d));
      }
      const byClinician = await w.apps.staff.inject({ method: 'POST', url: '/api/admin/ehr-clients', headers: w.staff.clinician.headers, payload: { clinic: 'north', name: 'X', scopes: 'system/QuestionnaireResponse.rs', jwks: client.key.publicJwk } });
      expect(byClinician.statusCode).toBe(403);
      const noCsrf = await w.apps.staff.inject({ method: 'POST', url: '/api/admin/ehr-clients', headers: { cookie: w.staff.admin.headers.cookie }, payload: { clinic: 'north', name: 'X', scopes: 'system/QuestionnaireResponse.rs', jwks: client.key.publicJwk } });
      expect(noCsrf.statusCode).toBe(403);
    });

    it('gives the client a principal that cannot sign in', async () => {
      const staff = await w.apps.dbs.owner.query<{ active: boolean; password_hash: string | null; roles: number }>(
        `SELECT s.active, s.password_hash, (SELECT count(*)::int FROM staff_roles r WHERE r.staff_id = s.id) AS roles FROM staff s WHERE s.id = $1`,
        [client.id],
      );
      expect(staff.rows).toEqual([{ active: false, password_hash: null, roles: 0 }]);
    });

    it('keeps the service principal out of staff administration, and the database keeps it inert', async () => {
      const list = await w.apps.staff.inject({ method: 'GET', url: '/api/admin/staff', headers: w.staff.admin.headers });
      expect(list.statusCode).toBe(200);
      expect(list.body).not.toContain(client.id);
      expect(list.json<{ items: unknown[] }>().items.length).toBeGreaterThan(0);
      const activate = await w.apps.staff.inject({ method: 'PATCH', url: `/api/admin/staff/${client.id}`, headers: w.staff.admin.headers, payload: { active: true } });
      expect(activate.statusCode).toBe(404);
      const reset = await w.apps.staff.inject({ method: 'POST', url: `/api/admin/staff/${client.id}/reset-factor`, headers: w.staff.admin.headers, payload: {} });
      expect(reset.statusCode).toBe(404);
      // Even a direct write as the database owner cannot make it a person who signs in or holds a role.
      await expect(w.apps.dbs.owner.query(`UPDATE staff SET active = true WHERE id = $1`, [client.id])).rejects.toThrow(/staff_service_inert/);
      await expect(w.apps.dbs.owner.query(`INSERT INTO staff_roles (staff_id, role, clinic_id) VALUES ($1, 'clinician', $2)`, [client.id, w.clinicA])).rejects.toThrow(/service principals hold no roles/);
    });
  });

  describe('POST /oauth/token', () => {
    it('issues a 5-minute bearer token for the granted scopes, stored only as a hash, and audits it', async () => {
      const res = await tokenRequest(w, grantForm(assertionFor(w, client), 'system/QuestionnaireResponse.rs system/Questionnaire.r openid'));
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      const body = res.json<{ access_token: string; token_type: string; expires_in: number; scope: string }>();
      expect(body).toMatchObject({ token_type: 'bearer', expires_in: 300, scope: 'system/Questionnaire.r system/QuestionnaireResponse.rs' });
      expect(body.access_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const stored = await w.apps.dbs.owner.query<{ token_hash: Buffer; clinic_id: string; expires_at: Date; issued_at: Date }>('SELECT token_hash, clinic_id, expires_at, issued_at FROM ehr_access_tokens WHERE client_id = $1', [client.id]);
      const row = stored.rows.at(-1);
      expect(Buffer.from(row?.token_hash ?? []).equals(createHash('sha256').update(body.access_token).digest())).toBe(true);
      expect(row?.clinic_id).toBe(w.clinicA);
      expect(new Date(String(row?.expires_at)).getTime() - new Date(String(row?.issued_at)).getTime()).toBe(300_000);
      const issued = await w.apps.dbs.owner.query(`SELECT actor_type, actor_id, detail FROM audit_events WHERE event = 'ehr.token.issued' ORDER BY id DESC LIMIT 1`);
      expect(issued.rows[0]).toMatchObject({ actor_type: 'service', actor_id: `ehr:${client.id}`, detail: { scopes: ['system/Questionnaire.r', 'system/QuestionnaireResponse.rs'] } });
      expect(JSON.stringify(issued.rows)).not.toContain(body.access_token);
    });

    it('accepts an RS384 client too', async () => {
      const rsa = await registerClient(w, { alg: 'RS384', name: 'RSA EHR' });
      await expect(accessToken(w, rsa)).resolves.toMatch(/^[A-Za-z0-9_-]{43}$/);
    });

    it('refuses a replayed assertion (same jti)', async () => {
      const assertion = assertionFor(w, client, { jti: 'once-only' });
      expect((await tokenRequest(w, grantForm(assertion))).statusCode).toBe(200);
      const again = await tokenRequest(w, grantForm(assertion));
      expect(again.statusCode).toBe(401);
      expect(again.json()).toMatchObject({ error: 'invalid_client' });
      expect((await refusals()).at(-1)).toMatchObject({ actor_type: 'service', actor_id: `ehr:${client.id}`, detail: { reason: 'replayed-jti' } });
    });

    it.each([
      ['another audience', { extra: { aud: 'https://elsewhere.example/oauth/token' } }, 'wrong-audience'],
      ['an expired assertion', { lifetimeSeconds: -120 }, 'expired'],
      ['an assertion living longer than 5 minutes', { lifetimeSeconds: 600 }, 'lifetime-too-long'],
      ['iss differing from sub', { extra: { sub: 'someone' } }, 'bad-client-id'],
    ])('refuses %s (invalid_client, audited)', async (_what, opts, reason) => {
      const res = await tokenRequest(w, grantForm(assertionFor(w, client, opts)));
      expect(res.statusCode).toBe(401);
      expect(res.json().error).toBe('invalid_client');
      expect((await refusals()).at(-1)?.detail.reason).toBe(reason);
    });

    it('refuses an assertion signed by a key the client did not register, an unknown client and a revoked one', async () => {
      // Same kid, another key: the signature is what fails.
      const impostor = { id: client.id, key: clientKey('ES384', client.key.kid) };
      expect((await tokenRequest(w, grantForm(assertionFor(w, impostor)))).json().error).toBe('invalid_client');
      expect((await refusals()).at(-1)?.detail.reason).toBe('bad-signature');
      const ghost = { id: '11111111-1111-4111-8111-111111111111', key: client.key };
      expect((await tokenRequest(w, grantForm(assertionFor(w, ghost)))).statusCode).toBe(401);
      expect((await refusals()).at(-1)?.detail.reason).toBe('unknown-client');

      const doomed = await registerClient(w, { name: 'Doomed' });
      const revoke = await w.apps.staff.inject({ method: 'POST', url: `/api/admin/ehr-clients/${doomed.id}/revoke`, headers: w.staff.admin.headers });
      expect(revoke.statusCode).toBe(200);
      expect((await tokenRequest(w, grantForm(assertionFor(w, doomed)))).statusCode).toBe(401);
    });

    it('grants only registered scopes: invalid_scope when nothing overlaps', async () => {
      const narrow = await registerClient(w, { scopes: 'system/Questionnaire.r', name: 'Narrow' });
      const res = await tokenRequest(w, grantForm(assertionFor(w, narrow), 'system/QuestionnaireResponse.rs'));
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toBe('invalid_scope');
      const wide = await tokenRequest(w, grantForm(assertionFor(w, narrow), 'system/*.read'));
      expect(wide.json().scope).toBe('system/Questionnaire.r');
    });

    it('answers malformed requests with OAuth errors, not problem+json', async () => {
      const wrongGrant = await tokenRequest(w, { ...grantForm(assertionFor(w, client)), grant_type: 'password' });
      expect(wrongGrant.statusCode).toBe(400);
      expect(wrongGrant.json().error).toBe('unsupported_grant_type');
      const json = await w.apps.staff.inject({ method: 'POST', url: '/oauth/token', payload: grantForm(assertionFor(w, client)) });
      expect(json.statusCode).toBe(415);
      expect(json.json().error).toBe('invalid_request');
      const twice = await w.apps.staff.inject({ method: 'POST', url: '/oauth/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'grant_type=client_credentials&grant_type=client_credentials' });
      expect(twice.statusCode).toBe(400);
      expect(twice.json().error).toBe('invalid_request');
      const garbage = await tokenRequest(w, grantForm('not.a.jwt'));
      expect(garbage.json().error).toBe('invalid_client');
      const none = await tokenRequest(w, grantForm(`${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ iss: client.id, sub: client.id })).toString('base64url')}.`));
      expect(none.statusCode).toBe(401);
    });

    it('never writes an assertion or a token into the logs', async () => {
      const assertion = assertionFor(w, client);
      const res = await tokenRequest(w, grantForm(assertion));
      const token = res.json<{ access_token: string }>().access_token;
      await w.apps.staff.inject({ method: 'GET', url: '/fhir/QuestionnaireResponse', headers: { authorization: `Bearer ${token}` } });
      const logs = w.apps.logs.join('\n');
      expect(logs).not.toContain(token);
      expect(logs).not.toContain(assertion.split('.')[2]);
    });
  });
});
