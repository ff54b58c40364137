/**
 * The `detail` of an audit row: a few small facts, never free text. Values are
 * booleans, numbers, or code-shaped strings (no spaces, at most 80 characters:
 * a reason code, a role, a field key, a form slug), or short lists of them.
 * Keys that sound like secrets or personal data may only hold booleans and
 * numbers ("password: true" says a password was reset, not what it was).
 */
export type AuditDetailValue = string | number | boolean | null | readonly string[];
export type AuditDetail = Readonly<Record<string, AuditDetailValue>>;

/** Thrown by the writer for a detail that could carry PHI or secrets; the row is not written. */
export class AuditDetailError extends Error {
  constructor(key: string, problem: string) {
    super(`audit detail "${key}" ${problem}`);
    this.name = 'AuditDetailError';
  }
}

const KEY = /^[a-z][A-Za-z0-9]{0,31}$/;
const CODE = /^[A-Za-z0-9][A-Za-z0-9._:@/+-]{0,79}$/;
const SENSITIVE_KEY = /pass|secret|token|answer|body|mail|phone|name|totp|otp|cipher|plain|note|comment|text|message/i;
const MAX_KEYS = 12;
const MAX_LIST = 32;

export function checkAuditDetail(detail: unknown): AuditDetail {
  if (detail === undefined || detail === null) return {};
  if (typeof detail !== 'object' || Array.isArray(detail)) throw new AuditDetailError('(root)', 'must be an object');
  const entries = Object.entries(detail as Record<string, unknown>);
  if (entries.length > MAX_KEYS) throw new AuditDetailError('(root)', `has more than ${MAX_KEYS} keys`);
  const out: Record<string, AuditDetailValue> = {};
  for (const [key, value] of entries) {
    if (!KEY.test(key)) throw new AuditDetailError(key.slice(0, 32), 'is not a short camelCase key');
    const sensitive = SENSITIVE_KEY.test(key);
    if (value === null || typeof value === 'boolean') out[key] = value;
    else if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new AuditDetailError(key, 'must be a finite number');
      out[key] = value;
    } else if (sensitive) throw new AuditDetailError(key, 'may only hold a boolean or a number');
    else if (typeof value === 'string') {
      if (!CODE.test(value)) throw new AuditDetailError(key, 'must be a code (no spaces, at most 80 characters)');
      out[key] = value;
    } else if (Array.isArray(value)) {
      if (value.length > MAX_LIST || !value.every((v) => typeof v === 'string' && CODE.test(v))) {
        throw new AuditDetailError(key, `must be a list of at most ${MAX_LIST} codes`);
      }
      out[key] = [...(value as string[])];
    } else throw new AuditDetailError(key, 'has an unsupported type');
  }
  return out;
}
