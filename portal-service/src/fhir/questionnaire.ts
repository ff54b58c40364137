import type { Extension, Questionnaire, QuestionnaireItem } from 'fhir/r4';
import { ITEM_CONTROL_EXTENSION_URL, ITEM_CONTROL_SYSTEM, SENSITIVITY_EXTENSION_URL } from './constants';
import type { FieldType, FormFieldDef } from '../access/form-definition';

export interface RegisteredForm {
  slug: string;
  title: string;
  fields: readonly FormFieldDef[];
  createdAt?: Date;
}

export function questionnaireUrl(publicUrl: string, slug: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/fhir/Questionnaire/${slug}`;
}

/** FHIR item type of a form field; option-less choices become strings so any answer stays valid. */
export function itemTypeOf(field: Pick<FormFieldDef, 'type' | 'options'>): QuestionnaireItem['type'] {
  const byType: Record<FieldType, QuestionnaireItem['type']> = {
    text: 'string',
    textarea: 'text',
    email: 'string',
    tel: 'string',
    date: 'date',
    select: 'choice',
    radio: 'choice',
    checkbox: 'boolean',
  };
  if (field.type === 'checkbox' && field.options.length > 0) return 'choice';
  const mapped = byType[field.type];
  return mapped === 'choice' && field.options.length === 0 ? 'string' : mapped;
}

/** A checkbox group (a checkbox with options) accepts several options at once. */
export function itemRepeats(field: Pick<FormFieldDef, 'type' | 'options'>): boolean {
  return field.type === 'checkbox' && field.options.length > 0;
}

/** que-0 wants a machine name: "new-patient-intake" → "NewPatientIntake". */
function computableName(slug: string): string {
  const name = slug
    .split('-')
    .filter(Boolean)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
  return /^[A-Z]/.test(name) ? name : `Form${name}`;
}

function sensitivityExtensions(field: FormFieldDef): Extension[] {
  return field.sensitivity.map((tag) => ({ url: SENSITIVITY_EXTENSION_URL, valueCode: tag }));
}

function helpItem(field: FormFieldDef, usedLinkIds: Set<string>): QuestionnaireItem[] {
  const linkId = `${field.key}.help`;
  if (!field.helpText || usedLinkIds.has(linkId)) return [];
  usedLinkIds.add(linkId);
  return [
    {
      linkId,
      type: 'display',
      text: field.helpText,
      extension: [{ url: ITEM_CONTROL_EXTENSION_URL, valueCodeableConcept: { coding: [{ system: ITEM_CONTROL_SYSTEM, code: 'help' }] } }],
    },
  ];
}

export function toQuestionnaireItem(field: FormFieldDef, usedLinkIds: Set<string>): QuestionnaireItem {
  const type = itemTypeOf(field);
  const extension = sensitivityExtensions(field);
  const children = helpItem(field, usedLinkIds);
  return {
    linkId: field.key,
    text: field.label,
    type,
    ...(field.required ? { required: true } : {}),
    ...(itemRepeats(field) ? { repeats: true } : {}),
    ...(type === 'choice' ? { answerOption: field.options.map((option) => ({ valueString: option })) } : {}),
    ...(extension.length > 0 ? { extension } : {}),
    ...(children.length > 0 ? { item: children } : {}),
  };
}

/** A registered form as an R4 Questionnaire; the slug is its id and the tail of its canonical URL. */
export function toQuestionnaire(form: RegisteredForm, publicUrl: string): Questionnaire {
  const usedLinkIds = new Set(form.fields.map((f) => f.key));
  const item = form.fields.map((field) => toQuestionnaireItem(field, usedLinkIds));
  return {
    resourceType: 'Questionnaire',
    id: form.slug,
    url: questionnaireUrl(publicUrl, form.slug),
    name: computableName(form.slug),
    title: form.title,
    status: 'active',
    subjectType: ['Patient'],
    ...(form.createdAt ? { date: form.createdAt.toISOString() } : {}),
    // FHIR JSON forbids empty arrays, so a form without fields has no item element.
    ...(item.length > 0 ? { item } : {}),
  };
}
