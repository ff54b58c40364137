/**
 * Splits an identifier into lower-case word parts: camelCase, PascalCase,
 * snake_case, kebab-case and digits all separate words, and an upper-case run
 * stays one word ("patientSSN" → patient, ssn; "DOB" → dob).
 */
export function wordParts(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([A-Za-z])([0-9])/g, '$1 $2')
    .replace(/([0-9])([A-Za-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}
