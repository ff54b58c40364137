import type { Bundle, OperationOutcome, Questionnaire, QuestionnaireResponse } from 'fhir/r4';
import { CANARY } from '../../src/fhir/fhir.fixtures';
import { checkQuestionnaireResponse } from '../../src/fhir/validation';
import { testDatabases } from '../helpers/databases';
import { buildWorld, FORM_A, FORM_B, type World } from '../fhir/world';
import { accessToken, bearer, registerClient, type RegisteredClient } from './client-helpers';

describe.each(testDatabases())('EHR client tokens on the FHIR API on $name', (database) => {
  let w: World;
  let north: RegisteredClient;
  const get = (url: string, token: string) => w.apps.staff.inject({ method: 'GET', url, headers: bearer(token) });

  beforeAll(async () => {
    w = await buildWorld(database);
    north = await registerClient(w, { clinic: 'north', scopes: ['system/QuestionnaireResponse.rs', 'system/Questionnaire.rs'] });
  });
  afterAll(async () => w?.close());

  it("reads and searches its own clinic's responses as valid FHIR, with every answer", async () => {
    const token = await accessToken(w, north, 'system/QuestionnaireResponse.rs system/Questionnaire.r');
    const q = (await get(`/fhir/Questionnaire/${FORM_A}`, token)).json<Questionnaire>();
    const res = await get(`/fhir/QuestionnaireResponse/${w.submissionA}`, token);
    expect(res.statusCode).toBe(200);
    const qr = res.json<QuestionnaireResponse>();
    expect(checkQuestionnaireResponse(qr, q)).toEqual([]);
    expect(res.body).toContain(CANARY.history);
    const search = await get(`/fhir/QuestionnaireResponse?questionnaire=${FORM_A}`, token);
    expect(search.json<Bundle>().entry?.map((e) => e.resource?.id)).toContain(w.submissionA);
  });

  it("cannot reach another clinic's data: its responses and forms answer 404 and never appear in a search", async () => {
    const token = await accessToken(w, north, 'system/QuestionnaireResponse.rs system/Questionnaire.rs');
    expect((await get(`/fhir/QuestionnaireResponse/${w.submissionB}`, token)).statusCode).toBe(404);
    expect((await get(`/fhir/Questionnaire/${FORM_B}`, token)).statusCode).toBe(404);
    const search = await get(`/fhir/QuestionnaireResponse?questionnaire=${FORM_B}`, token);
    expect(search.statusCode).toBe(200);
    expect(search.json<Bundle>().entry).toBeUndefined();
    const all = await get('/fhir/QuestionnaireResponse?_count=50', token);
    expect(all.json<Bundle>().entry?.map((e) => e.resource?.id)).not.toContain(w.submissionB);
    const forms = await get('/fhir/Questionnaire', token);
    expect(forms.json<Bundle>().entry?.map((e) => e.resource?.id)).toEqual([FORM_A]);
  });

  it('cannot reach another resource type or interaction than its scopes grant', async () => {
    const readOnly = await accessToken(w, north, 'system/QuestionnaireResponse.r');
    expect((await get(`/fhir/QuestionnaireResponse/${w.submissionA}`, readOnly)).statusCode).toBe(200);
    const search = await get(`/fhir/QuestionnaireResponse?questionnaire=${FORM_A}`, readOnly);
    expect(search.statusCode).toBe(403);
    expect(search.headers['www-authenticate']).toContain('insufficient_scope');
    expect(search.json<OperationOutcome>().issue[0]?.code).toBe('forbidden');
    expect((await get(`/fhir/Questionnaire/${FORM_A}`, readOnly)).statusCode).toBe(403);
    expect((await get('/fhir/AuditEvent', readOnly)).statusCode).toBe(403);
    const denied = await w.apps.dbs.owner.query<{ actor_type: string; actor_id: string; detail: { reason: string } }>(`SELECT actor_type, actor_id, detail FROM audit_events WHERE event = 'access.denied' ORDER BY id DESC LIMIT 3`);
    expect(denied.rows.map((r) => r.detail.reason).sort()).toEqual(['scope:AuditEvent.search', 'scope:Questionnaire.read', 'scope:QuestionnaireResponse.search']);
    expect(denied.rows.every((r) => r.actor_type === 'service' && r.actor_id === `ehr:${north.id}`)).toBe(true);
  });

  it('is audited like staff access, as the client (service actor), never as staff', async () => {
    const token = await accessToken(w, north);
    await get(`/fhir/QuestionnaireResponse/${w.submissionA}`, token);
    const reads = await w.apps.dbs.owner.query<{ actor_type: string; actor_id: string; clinic_id: string; service: string; detail: Record<string, unknown> }>(
      `SELECT actor_type, actor_id, clinic_id, service, detail FROM audit_events WHERE event = 'submission.read' AND resource_id = $1 ORDER BY id DESC LIMIT 1`,
      [w.submissionA],
    );
    expect(reads.rows[0]).toMatchObject({ actor_type: 'service', actor_id: `ehr:${north.id}`, clinic_id: w.clinicA, service: 'portal-staff', detail: { scope: 'all', via: 'fhir' } });
    const verify = await w.apps.staff.inject({ method: 'GET', url: '/fhir/AuditEvent?subtype=submission.read&_count=1', headers: w.staff.auditor.headers });
    expect(verify.json<Bundle>().entry?.[0]?.resource).toMatchObject({ agent: [{ who: { identifier: { system: 'https://palisade.dev/fhir/sid/ehr-client', value: north.id } } }] });
  });

  it('expires after five minutes, and a revoked client loses its live tokens at once', async () => {
    const token = await accessToken(w, north);
    w.clock.advance(299);
    expect((await get(`/fhir/QuestionnaireResponse/${w.submissionA}`, token)).statusCode).toBe(200);
    w.clock.advance(2);
    const expired = await get(`/fhir/QuestionnaireResponse/${w.submissionA}`, token);
    expect(expired.statusCode).toBe(401);
    expect(expired.headers['www-authenticate']).toContain('invalid_token');

    const doomed = await registerClient(w, { clinic: 'north', name: 'Doomed' });
    const live = await accessToken(w, doomed);
    expect((await get(`/fhir/QuestionnaireResponse/${w.submissionA}`, live)).statusCode).toBe(200);
    await w.apps.staff.inject({ method: 'POST', url: `/api/admin/ehr-clients/${doomed.id}/revoke`, headers: w.staff.admin.headers });
    expect((await get(`/fhir/QuestionnaireResponse/${w.submissionA}`, live)).statusCode).toBe(401);
  });

  it('a client registered for contact fields only gets what front desk gets', async () => {
    const desk = await registerClient(w, { clinic: 'north', name: 'Reception system', answerScope: 'contact-only' });
    const res = await get(`/fhir/QuestionnaireResponse/${w.submissionA}`, await accessToken(w, desk));
    const qr = res.json<QuestionnaireResponse>();
    expect(qr.item?.map((i) => i.linkId)).toEqual(['email', 'phone']);
    expect(qr.meta?.security?.[0]?.code).toBe('REDACTED');
    expect(res.body).not.toContain(CANARY.history);
  });

  it('refuses a made-up or malformed bearer token (401, audited) and does not fall back to a session', async () => {
    const rejections = async () => (await w.apps.dbs.owner.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_events WHERE event = 'ehr.token.rejected'`)).rows[0]?.n ?? 0;
    const before = await rejections();
    for (const authorization of ['Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'Bearer', 'Basic dXNlcjpwYXNz']) {
      const res = await w.apps.staff.inject({ method: 'GET', url: `/fhir/QuestionnaireResponse/${w.submissionA}`, headers: { authorization, cookie: w.staff.clinician.headers.cookie } });
      expect(res.statusCode).toBe(401);
    }
    expect((await rejections()) - before).toBe(3);
  });
});
