/**
 * node-postgres and PGlite decode a few types differently (int8: string vs
 * number; bytea: Buffer vs Uint8Array). Repositories read columns through these
 * so the same code works on both.
 */

export function toBuffer(value: unknown): Buffer {
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  throw new TypeError('expected a bytea value');
}

export function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint' || typeof value === 'string') {
    const n = Number(value);
    if (Number.isSafeInteger(n)) return n;
  }
  throw new TypeError('expected an integer value');
}

export function toDate(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'string') return new Date(value);
  throw new TypeError('expected a timestamp value');
}

/** The comma list `app.clinic_ids` holds; only canonical uuids pass, so nothing else can reach the setting. */
export function clinicIdsSetting(ids: readonly string[] | undefined): string {
  const list = ids ?? [];
  for (const id of list) {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) {
      throw new TypeError('clinicIds must be lowercase uuids');
    }
  }
  return list.join(',');
}
