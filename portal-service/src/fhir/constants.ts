/**
 * Canonical URLs Palisade mints for its own FHIR extensions and code systems.
 * They are fixed (not derived from PORTAL_PUBLIC_URL) so that an EHR maps them
 * once for every Palisade deployment.
 */
export const PALISADE_FHIR_BASE = 'https://palisade.dev/fhir';

/** Item extension carrying a field's sensitivity tag (contact, identity, clinical). */
export const SENSITIVITY_EXTENSION_URL = `${PALISADE_FHIR_BASE}/StructureDefinition/field-sensitivity`;

/** Code system of the portal's audit event codes (submission.read, fhir.read, ...). */
export const AUDIT_EVENT_CODE_SYSTEM = `${PALISADE_FHIR_BASE}/CodeSystem/audit-event`;

/** Identifier system of submissions (the envelope id the browser chose). */
export const SUBMISSION_IDENTIFIER_SYSTEM = `${PALISADE_FHIR_BASE}/sid/submission`;

/**
 * HL7's security label for content removed from a resource. A response that
 * omits masked items says so with this label rather than pretending it is whole.
 */
export const REDACTED_SECURITY_LABEL = {
  system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue',
  code: 'REDACTED',
  display: 'redacted',
} as const;

export const FHIR_JSON = 'application/fhir+json';

/** Standard R4 rendering hint: a nested display item shown as help for its parent. */
export const ITEM_CONTROL_EXTENSION_URL = 'http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl';
export const ITEM_CONTROL_SYSTEM = 'http://hl7.org/fhir/questionnaire-item-control';

/** Identifier systems of audit actors and resources. */
export const STAFF_IDENTIFIER_SYSTEM = `${PALISADE_FHIR_BASE}/sid/staff`;
export const EHR_CLIENT_IDENTIFIER_SYSTEM = `${PALISADE_FHIR_BASE}/sid/ehr-client`;
export const SERVICE_KEY_IDENTIFIER_SYSTEM = `${PALISADE_FHIR_BASE}/sid/service-key`;
export const CLINIC_IDENTIFIER_SYSTEM = `${PALISADE_FHIR_BASE}/sid/clinic`;
export const RESOURCE_IDENTIFIER_SYSTEM = `${PALISADE_FHIR_BASE}/sid/resource`;
