import type { AuditEvent, Bundle, OperationOutcome, Questionnaire, QuestionnaireResponse } from 'fhir/r4';
import { CANARY } from '../../src/fhir/fhir.fixtures';
import { checkAuditEvent, checkBundle, checkQuestionnaire, checkQuestionnaireResponse } from '../../src/fhir/validation';
import { testDatabases } from '../helpers/databases';
import { buildWorld, FORM_A, FORM_B, type World } from './world';

describe.each(testDatabases())('FHIR read API on $name', (database) => {
  let w: World;
  let questionnaire: Questionnaire;
  const get = (url: string, headers: Record<string, string> = {}) => w.apps.staff.inject({ method: 'GET', url, headers });
  const audit = async (event: string) =>
    (await w.apps.dbs.owner.query<{ actor_type: string; actor_id: string; resource_id: string | null; outcome: string; detail: Record<string, unknown> }>(
      'SELECT actor_type, actor_id, resource_id, outcome, detail FROM audit_events WHERE event = $1 ORDER BY id',
      [event],
    )).rows;

  beforeAll(async () => {
    w = await buildWorld(database);
  });
  afterAll(async () => w?.close());

  it('serves a registered form as a valid Questionnaire, as application/fhir+json', async () => {
    const res = await get(`/fhir/Questionnaire/${FORM_A}`, w.staff.clinician.headers);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
    questionnaire = res.json<Questionnaire>();
    expect(checkQuestionnaire(questionnaire)).toEqual([]);
    expect(questionnaire.url).toBe(`${w.apps.config.publicUrl}/fhir/Questionnaire/${FORM_A}`);
  });

  it('serves a submission to a clinician as a valid QuestionnaireResponse with every answer, auditing the read', async () => {
    const res = await get(`/fhir/QuestionnaireResponse/${w.submissionA}`, w.staff.clinician.headers);
    expect(res.statusCode).toBe(200);
    const qr = res.json<QuestionnaireResponse>();
    expect(checkQuestionnaireResponse(qr, questionnaire)).toEqual([]);
    expect(qr.questionnaire).toBe(`${questionnaire.url}|3`);
    expect(JSON.stringify(qr)).toContain(CANARY.history);
    const reads = (await audit('submission.read')).filter((r) => r.resource_id === w.submissionA);
    expect(reads.at(-1)).toMatchObject({ actor_type: 'staff', actor_id: w.staff.clinician.staffId, outcome: 'success', detail: { scope: 'all', via: 'fhir' } });
  });

  it('masks for front desk exactly as the staff API does: contact answers only, labelled REDACTED', async () => {
    const res = await get(`/fhir/QuestionnaireResponse/${w.submissionA}`, w.staff.frontDesk.headers);
    expect(res.statusCode).toBe(200);
    const qr = res.json<QuestionnaireResponse>();
    expect(checkQuestionnaireResponse(qr, questionnaire)).toEqual([]);
    expect(qr.item?.map((i) => i.linkId)).toEqual(['email', 'phone']);
    expect(qr.meta?.security?.[0]?.code).toBe('REDACTED');
    for (const hidden of [CANARY.name, CANARY.reason, CANARY.history]) expect(res.body).not.toContain(hidden);
  });

  it("answers another clinic's submission and form with 404, like a missing one", async () => {
    for (const url of [`/fhir/QuestionnaireResponse/${w.submissionB}`, `/fhir/Questionnaire/${FORM_B}`, '/fhir/QuestionnaireResponse/00000000-0000-4000-8000-000000000000', '/fhir/QuestionnaireResponse/not-a-uuid']) {
      const res = await get(url, w.staff.clinician.headers);
      expect(res.statusCode).toBe(404);
      expect(res.json<OperationOutcome>()).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found' }] });
    }
    expect((await get(`/fhir/QuestionnaireResponse/${w.submissionB}`, w.staff.clinicianB.headers)).statusCode).toBe(200);
  });

  it('searches by questionnaire and authored into a valid searchset Bundle, paging with next links', async () => {
    const march = await w.addSubmission({ receivedAt: new Date('2031-03-02T10:00:00Z'), submittedAt: new Date('2031-03-02T09:59:00Z') });
    const april = await w.addSubmission({ receivedAt: new Date('2031-04-02T10:00:00Z') });
    const url = `/fhir/QuestionnaireResponse?questionnaire=${encodeURIComponent(questionnaire.url ?? '')}&authored=ge2031-03-01&authored=lt2031-04-01`;
    const res = await get(url, w.staff.clinician.headers);
    expect(res.statusCode).toBe(200);
    const bundle = res.json<Bundle<QuestionnaireResponse>>();
    expect(checkBundle(bundle)).toEqual([]);
    expect(bundle.type).toBe('searchset');
    expect(bundle.entry?.map((e) => e.resource?.id)).toEqual([march]);
    for (const e of bundle.entry ?? []) expect(checkQuestionnaireResponse(e.resource as QuestionnaireResponse, questionnaire)).toEqual([]);

    const all = await get(`/fhir/QuestionnaireResponse?questionnaire=Questionnaire/${FORM_A}&_count=2`, w.staff.clinician.headers);
    const first = all.json<Bundle>();
    expect(first.entry?.map((e) => e.resource?.id)).toEqual([april, march]);
    const next = first.link?.find((l) => l.relation === 'next')?.url;
    expect(next).toBeDefined();
    const second = await get(new URL(next as string).pathname + new URL(next as string).search, w.staff.clinician.headers);
    expect(second.json<Bundle>().entry?.map((e) => e.resource?.id)).toEqual([w.submissionA]);
  });

  it('never lists another clinic in a search', async () => {
    const res = await get(`/fhir/QuestionnaireResponse?questionnaire=${FORM_B}`, w.staff.clinician.headers);
    expect(res.statusCode).toBe(200);
    expect(res.json<Bundle>().entry).toBeUndefined();
  });

  it('refuses unauthenticated calls, admins without a clinical role and unknown parameters with an OperationOutcome', async () => {
    const anonymous = await get(`/fhir/QuestionnaireResponse/${w.submissionA}`);
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['content-type']).toMatch(/fhir\+json/);
    expect(anonymous.json<OperationOutcome>().issue[0]?.code).toBe('login');
    expect((await get(`/fhir/QuestionnaireResponse/${w.submissionA}`, w.staff.admin.headers)).statusCode).toBe(403);
    expect((await get(`/fhir/QuestionnaireResponse/${w.submissionA}`, w.staff.auditor.headers)).statusCode).toBe(403);
    const bad = await get('/fhir/QuestionnaireResponse?patient=Patient/1', w.staff.clinician.headers);
    expect(bad.statusCode).toBe(400);
    expect(bad.json<OperationOutcome>().issue[0]?.code).toBe('invalid');
    const badDate = await get('/fhir/QuestionnaireResponse?authored=yesterday', w.staff.clinician.headers);
    expect(badDate.statusCode).toBe(400);
    expect((await get('/fhir/Patient/1', w.staff.clinician.headers)).statusCode).toBe(404);
  });

  it('gives auditors the trail as valid AuditEvents with type, recorded, requesting agent and observer — and only auditors', async () => {
    const res = await get('/fhir/AuditEvent?subtype=submission.read&_count=5', w.staff.auditor.headers);
    expect(res.statusCode).toBe(200);
    const bundle = res.json<Bundle<AuditEvent>>();
    expect(checkBundle(bundle)).toEqual([]);
    expect(bundle.entry?.length).toBeGreaterThan(0);
    for (const e of bundle.entry ?? []) {
      const event = e.resource as AuditEvent;
      expect(checkAuditEvent(event)).toEqual([]);
      expect(event.subtype?.[0]?.code).toBe('submission.read');
    }
    expect(JSON.stringify(bundle)).not.toContain(CANARY.history);
    expect((await get('/fhir/AuditEvent', w.staff.clinician.headers)).statusCode).toBe(403);
    expect((await audit('audit.search')).at(-1)).toMatchObject({ actor_id: w.staff.auditor.staffId, detail: { via: 'fhir' } });
  });

  it('publishes its capabilities and SMART configuration without authentication', async () => {
    const meta = await get('/fhir/metadata');
    expect(meta.statusCode).toBe(200);
    expect(meta.json()).toMatchObject({ resourceType: 'CapabilityStatement', fhirVersion: '4.0.1' });
    const smart = await get('/fhir/.well-known/smart-configuration');
    expect(smart.json()).toMatchObject({ token_endpoint: `${w.apps.config.publicUrl}/oauth/token`, token_endpoint_auth_methods_supported: ['private_key_jwt'] });
  });
});
