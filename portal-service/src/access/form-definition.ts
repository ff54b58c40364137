import { z } from 'zod';

/**
 * The one definition of a registered form's fields: labels and sensitivity
 * tags, never answers. Registration validates with FormDefinitionSchema; every
 * reader (masking, FHIR, export) uses parseFormFields, which normalizes what
 * the CMS wrote. `sensitivity` includes `contact` for the fields front-desk
 * staff may read.
 */
export const FormFieldSchema = z.object({
  key: z.string().min(1).max(128),
  label: z.string().min(1).max(500),
  type: z.string().max(64).optional(),
  required: z.boolean().optional(),
  helpText: z.string().max(500).optional(),
  // An array, or one option per line as the CMS's text area stores them.
  options: z.union([z.array(z.string().max(500)).max(200), z.string().max(100_000)]).optional(),
  sensitivity: z.union([z.string().max(64), z.array(z.string().max(64)).max(16)]).optional(),
});
export type FormField = z.infer<typeof FormFieldSchema>;

export const FormDefinitionSchema = z.array(FormFieldSchema).max(500);

/**
 * Normalized read of a stored definition: options may be an array or one per
 * line (the CMS's text area), unknown types fall back to free text, and a
 * malformed field is skipped rather than failing the whole form. Skipping is
 * safe for masking: an answer without a field carries no tag, so only full
 * readers see it.
 */
export const FIELD_TYPES = ['text', 'textarea', 'email', 'tel', 'date', 'select', 'radio', 'checkbox'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const SENSITIVITY_TAGS = ['contact', 'identity', 'clinical'] as const;
export type SensitivityTag = (typeof SENSITIVITY_TAGS)[number];

export interface FormFieldDef {
  key: string;
  label: string;
  type: FieldType;
  required: boolean;
  options: string[];
  helpText?: string;
  sensitivity: SensitivityTag[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readOptions(raw: unknown): string[] {
  const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(/\r?\n/) : [];
  const seen = new Set<string>();
  for (const item of list) {
    if (typeof item !== 'string') continue;
    const option = item.trim();
    if (option) seen.add(option);
  }
  return [...seen];
}

function readSensitivity(raw: unknown): SensitivityTag[] {
  const list = Array.isArray(raw) ? raw : [raw];
  return SENSITIVITY_TAGS.filter((tag) => list.includes(tag));
}

function readType(raw: unknown): FieldType {
  return typeof raw === 'string' && (FIELD_TYPES as readonly string[]).includes(raw) ? (raw as FieldType) : 'text';
}

export function parseFormFields(definition: unknown): FormFieldDef[] {
  if (!Array.isArray(definition)) return [];
  const fields: FormFieldDef[] = [];
  const keys = new Set<string>();
  for (const raw of definition) {
    if (!isRecord(raw) || typeof raw.key !== 'string' || raw.key.trim() === '' || keys.has(raw.key)) continue;
    keys.add(raw.key);
    const label = typeof raw.label === 'string' && raw.label.trim() ? raw.label : raw.key;
    const helpText = typeof raw.helpText === 'string' && raw.helpText.trim() ? raw.helpText : undefined;
    fields.push({
      key: raw.key,
      label,
      type: readType(raw.type),
      required: raw.required === true,
      options: readOptions(raw.options),
      ...(helpText ? { helpText } : {}),
      sensitivity: readSensitivity(raw.sensitivity),
    });
  }
  return fields;
}
