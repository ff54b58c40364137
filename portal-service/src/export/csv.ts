/**
 * RFC 4180 CSV. Cells that a spreadsheet would run as a formula (leading =, +,
 * -, @, tab or CR) are prefixed with an apostrophe: allowlisted free text comes
 * from the public and must not execute on an analyst's machine.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | undefined): string {
  if (value === undefined) return '';
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function toCsv(header: readonly string[], rows: readonly Readonly<Record<string, string | undefined>>[]): string {
  const lines = [header.map(csvCell).join(',')];
  for (const row of rows) lines.push(header.map((h) => csvCell(row[h])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
