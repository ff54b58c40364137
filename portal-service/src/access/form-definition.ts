import { z } from 'zod';

/**
 * A field of a registered form: labels and sensitivity tags, never answers.
 * `sensitivity` includes `contact` for the fields front-desk staff may read.
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

export function fieldTags(field: FormField): readonly string[] {
  if (field.sensitivity === undefined) return [];
  return typeof field.sensitivity === 'string' ? [field.sensitivity] : field.sensitivity;
}

/** A stored definition that does not parse shows no labels rather than failing the read. */
export function parseFormDefinition(raw: unknown): FormField[] {
  const parsed = FormDefinitionSchema.safeParse(raw);
  return parsed.success ? parsed.data : [];
}
