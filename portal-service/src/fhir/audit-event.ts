import type { AuditEvent, AuditEventAgent, AuditEventEntity, Coding } from 'fhir/r4';
import {
  AUDIT_EVENT_CODE_SYSTEM,
  CLINIC_IDENTIFIER_SYSTEM,
  EHR_CLIENT_IDENTIFIER_SYSTEM,
  RESOURCE_IDENTIFIER_SYSTEM,
  SERVICE_KEY_IDENTIFIER_SYSTEM,
  STAFF_IDENTIFIER_SYSTEM,
} from './constants';

/** One row of `audit_events` as the database returns it (seq may be a string for bigint). */
export interface AuditRow {
  seq: string | number | bigint;
  at: Date | string;
  event: string;
  outcome: 'success' | 'failure' | 'denied' | string;
  actor_type: 'staff' | 'service' | 'anonymous' | 'system' | string;
  actor_id: string | null;
  action: 'C' | 'R' | 'U' | 'D' | 'E' | string;
  resource_type: string | null;
  resource_id: string | null;
  clinic_id: string | null;
  ip: string | null;
  request_id: string | null;
  service: string;
  detail: unknown;
}

const DCM = 'http://dicom.nema.org/resources/ontology/DCM';
const TYPE_AUTHENTICATION: Coding = { system: DCM, code: '110114', display: 'User Authentication' };
const TYPE_PATIENT_RECORD: Coding = { system: DCM, code: '110110', display: 'Patient Record' };
const TYPE_EXPORT: Coding = { system: DCM, code: '110106', display: 'Export' };
const TYPE_SECURITY_ALERT: Coding = { system: DCM, code: '110113', display: 'Security Alert' };
const TYPE_APPLICATION_ACTIVITY: Coding = { system: DCM, code: '110100', display: 'Application Activity' };
const REST: Coding = { system: 'http://terminology.hl7.org/CodeSystem/audit-event-type', code: 'rest', display: 'RESTful Operation' };

/** The DICOM category of a Palisade event code; the exact code travels as the subtype. */
export function auditTypeOf(event: string): Coding {
  if (event.endsWith('.export')) return TYPE_EXPORT;
  if (event.startsWith('auth.') || event.startsWith('ehr.token')) return TYPE_AUTHENTICATION;
  if (event.startsWith('submission.') || event.startsWith('intake.') || event.startsWith('fhir.')) return TYPE_PATIENT_RECORD;
  if (event === 'access.denied') return TYPE_SECURITY_ALERT;
  return TYPE_APPLICATION_ACTIVITY;
}

const ACTIONS = new Set(['C', 'R', 'U', 'D', 'E']);
const OUTCOME: Record<string, AuditEvent['outcome']> = { success: '0', failure: '4', denied: '4' };

function iso(at: Date | string): string {
  return (at instanceof Date ? at : new Date(at)).toISOString();
}

/** EHR clients act as `ehr:<client id>`; other services by their key id (the CMS). */
export const EHR_ACTOR_PREFIX = 'ehr:';

function agentOf(row: AuditRow): AuditEventAgent {
  const id = row.actor_id;
  const who =
    !id ? { display: row.actor_type }
    : row.actor_type === 'staff' ? { identifier: { system: STAFF_IDENTIFIER_SYSTEM, value: id } }
    : id.startsWith(EHR_ACTOR_PREFIX) ? { identifier: { system: EHR_CLIENT_IDENTIFIER_SYSTEM, value: id.slice(EHR_ACTOR_PREFIX.length) } }
    : { identifier: { system: SERVICE_KEY_IDENTIFIER_SYSTEM, value: id } };
  const type =
    row.actor_type === 'staff'
      ? { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/extra-security-role-type', code: 'humanuser', display: 'human user' }] }
      : { text: row.actor_type };
  return {
    type,
    who,
    requestor: true,
    ...(row.ip ? { network: { address: row.ip, type: '2' as const } } : {}),
  };
}

function entitiesOf(row: AuditRow): AuditEventEntity[] {
  const entities: AuditEventEntity[] = [];
  const detail = row.detail && typeof row.detail === 'object' && !Array.isArray(row.detail) ? Object.entries(row.detail as Record<string, unknown>) : [];
  const facts = [
    ...(row.request_id ? [{ type: 'requestId', valueString: row.request_id }] : []),
    ...detail.map(([type, value]) => ({ type, valueString: Array.isArray(value) ? value.join(',') : String(value) })).filter((d) => d.valueString !== ''),
  ];
  if (row.resource_type || row.resource_id) {
    const what =
      row.resource_type === 'submission' && row.resource_id
        ? { reference: `QuestionnaireResponse/${row.resource_id}` }
        : { identifier: { system: RESOURCE_IDENTIFIER_SYSTEM, value: `${row.resource_type ?? 'resource'}${row.resource_id ? `/${row.resource_id}` : ''}` } };
    entities.push({ what, ...(facts.length ? { detail: facts } : {}) });
  } else if (facts.length) {
    entities.push({ name: 'context', detail: facts });
  }
  if (row.clinic_id) entities.push({ what: { identifier: { system: CLINIC_IDENTIFIER_SYSTEM, value: row.clinic_id } }, name: 'clinic' });
  return entities;
}

/**
 * An audit row as an R4 AuditEvent: DICOM category as `type`, the Palisade
 * event code as `subtype`, the actor as the requesting agent, the portal
 * service as the observer. Rows hold no PHI, so neither does the result.
 */
export function toAuditEvent(row: AuditRow, observer: { publicUrl: string }): AuditEvent {
  const entity = entitiesOf(row);
  return {
    resourceType: 'AuditEvent',
    id: String(row.seq),
    type: auditTypeOf(row.event),
    subtype: [{ system: AUDIT_EVENT_CODE_SYSTEM, code: row.event }, ...(row.detail && typeof row.detail === 'object' && (row.detail as Record<string, unknown>).via === 'fhir' ? [REST] : [])],
    ...(ACTIONS.has(row.action) ? { action: row.action as AuditEvent['action'] } : {}),
    recorded: iso(row.at),
    ...(OUTCOME[row.outcome] ? { outcome: OUTCOME[row.outcome], outcomeDesc: row.outcome } : {}),
    agent: [agentOf(row)],
    source: {
      site: row.service,
      observer: { display: `Palisade portal ${observer.publicUrl}` },
      type: [{ system: 'http://terminology.hl7.org/CodeSystem/security-source-type', code: '4', display: 'Application Server' }],
    },
    ...(entity.length ? { entity } : {}),
  };
}
