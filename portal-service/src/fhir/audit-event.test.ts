import { toAuditEvent, type AuditRow } from './audit-event';
import { searchset } from './bundle';
import { checkAuditEvent, checkBundle } from './validation';

const base: AuditRow = {
  seq: '42',
  at: new Date('2026-03-02T08:00:00.123Z'),
  event: 'submission.read',
  outcome: 'success',
  actor_type: 'staff',
  actor_id: '3b0c6f9e-1c51-4f1c-8d77-5a1f2a9d6b10',
  action: 'R',
  resource_type: 'submission',
  resource_id: '6f1c2a40-1b7e-4c1d-9a55-0c3f1f0b2e11',
  clinic_id: '00000000-0000-4000-8000-00000000000a',
  ip: '203.0.113.7',
  request_id: 'req-9',
  service: 'portal-staff',
  detail: { scope: 'all', via: 'fhir' },
};
const observer = { publicUrl: 'https://patient.example.org' };

describe('toAuditEvent', () => {
  it('has the required type, recorded, requesting agent and observer, and validates', () => {
    const event = toAuditEvent(base, observer);
    expect(checkAuditEvent(event)).toEqual([]);
    expect(event.type).toEqual({ system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110110', display: 'Patient Record' });
    expect(event.subtype?.[0]).toEqual({ system: 'https://palisade.dev/fhir/CodeSystem/audit-event', code: 'submission.read' });
    expect(event.recorded).toBe('2026-03-02T08:00:00.123Z');
    expect(event.agent[0]).toMatchObject({ requestor: true, who: { identifier: { value: base.actor_id } }, network: { address: '203.0.113.7', type: '2' } });
    expect(event.source.observer.display).toContain('patient.example.org');
    expect(event.entity?.[0]?.what).toEqual({ reference: `QuestionnaireResponse/${base.resource_id}` });
    expect(event.action).toBe('R');
    expect(event.outcome).toBe('0');
  });

  it('names EHR clients, CMS keys and anonymous actors distinctly, and maps failures', () => {
    const client = toAuditEvent({ ...base, actor_type: 'service', actor_id: 'ehr:9d1e', outcome: 'denied', event: 'ehr.token.refused', resource_type: null, resource_id: null, detail: { reason: 'replayed-jti' } }, observer);
    expect(client.agent[0]?.who?.identifier).toEqual({ system: 'https://palisade.dev/fhir/sid/ehr-client', value: '9d1e' });
    expect(client.type.code).toBe('110114');
    expect(client.outcome).toBe('4');
    expect(client.entity?.[0]?.detail).toEqual(expect.arrayContaining([{ type: 'reason', valueString: 'replayed-jti' }]));
    const cms = toAuditEvent({ ...base, actor_type: 'service', actor_id: 'cms-dev-1', event: 'intake.accepted', action: 'C' }, observer);
    expect(cms.agent[0]?.who?.identifier?.system).toBe('https://palisade.dev/fhir/sid/service-key');
    const anonymous = toAuditEvent({ ...base, actor_type: 'anonymous', actor_id: null, ip: null, request_id: null, detail: {}, resource_type: null, resource_id: null, clinic_id: null, event: 'auth.login.failure' }, observer);
    expect(anonymous.agent[0]).toEqual({ type: { text: 'anonymous' }, who: { display: 'anonymous' }, requestor: true });
    expect(anonymous.entity).toBeUndefined();
    for (const e of [client, cms, anonymous]) expect(checkAuditEvent(e)).toEqual([]);
  });

  it('the explicit checks refuse an event missing what R4 requires', () => {
    const event = toAuditEvent(base, observer);
    const broken = { ...event, agent: [{ who: { display: 'x' } }], source: { observer: {} } } as unknown as typeof event;
    expect(checkAuditEvent(broken).join('\n')).toMatch(/requestor[\s\S]*observer/);
  });
});

describe('searchset', () => {
  it('is a valid searchset Bundle with match entries and a total when complete', () => {
    const event = toAuditEvent(base, observer);
    const bundle = searchset({ resources: [event], self: 'https://patient.example.org/fhir/AuditEvent?x=1', base: 'https://patient.example.org/fhir', now: new Date('2026-03-03T00:00:00Z') });
    expect(checkBundle(bundle)).toEqual([]);
    expect(bundle).toMatchObject({ type: 'searchset', total: 1, entry: [{ fullUrl: 'https://patient.example.org/fhir/AuditEvent/42', search: { mode: 'match' } }] });
    const empty = searchset({ resources: [], self: 'https://x/fhir/AuditEvent', base: 'https://x/fhir', now: new Date() });
    expect(empty.entry).toBeUndefined();
    expect(checkBundle(empty)).toEqual([]);
  });
});
