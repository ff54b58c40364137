/**
 * Record suppression for k-anonymity: rows are grouped by their quasi-identifier
 * values (an empty value is a value too) and every group smaller than k is
 * removed whole. Suppressing rows rather than blanking cells keeps the released
 * rows exactly as generalized, and a removed row cannot be re-linked through
 * the columns that remain.
 */
export function suppressSmallGroups<R extends Readonly<Record<string, string | undefined>>>(
  rows: readonly R[],
  quasiIdentifiers: readonly string[],
  k: number,
): { kept: R[]; suppressed: number; groups: number } {
  if (!Number.isInteger(k) || k < 1) throw new RangeError('k must be a positive integer');
  const keyOf = (row: R) => JSON.stringify(quasiIdentifiers.map((c) => row[c] ?? null));
  const sizes = new Map<string, number>();
  for (const row of rows) sizes.set(keyOf(row), (sizes.get(keyOf(row)) ?? 0) + 1);
  const kept = rows.filter((row) => (sizes.get(keyOf(row)) ?? 0) >= k);
  const groups = [...sizes.values()].filter((n) => n >= k).length;
  return { kept, suppressed: rows.length - kept.length, groups };
}
