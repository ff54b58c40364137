/** What one audit record says. Identifiers and outcomes only: never a field value or a request body. */
export type ActorType = 'admin' | 'admin-token' | 'api-token' | 'system' | 'anonymous';
export type Outcome = 'success' | 'failure' | 'denied';

export interface AuditInput {
  actorType: ActorType;
  actorId?: string | number | null;
  /** e.g. `content-manager.collection-types.publish`, `admin.login.password`, `admin.mfa.reset`. */
  action: string;
  /** What was acted on: a content-type uid or an admin model (`admin::user`). */
  subject?: string | null;
  /** Document id(s) or entity id(s) acted on. */
  targetId?: string | number | null;
  ip?: string | null;
  outcome: Outcome;
  status?: number | null;
}

/** The hashed content of a record: exactly these keys, nulls explicit, so the hash is reproducible. */
export interface AuditRow {
  seq: number;
  at: string;
  actorType: ActorType;
  actorId: string | null;
  action: string;
  subject: string | null;
  targetId: string | null;
  ip: string | null;
  outcome: Outcome;
  status: number | null;
  [key: string]: unknown;
}

export interface StoredAuditRow extends AuditRow {
  prevHash: string;
  hash: string;
}

const clip = (v: string, max: number) => (v.length > max ? `${v.slice(0, max - 1)}…` : v);
const text = (v: unknown, max = 255): string | null => (v === undefined || v === null || v === '' ? null : clip(String(v), max));

export function toRow(input: AuditInput, seq: number, at: Date): AuditRow {
  return {
    seq,
    at: at.toISOString(),
    actorType: input.actorType,
    actorId: text(input.actorId, 64),
    action: text(input.action, 128) ?? 'unknown',
    subject: text(input.subject, 128),
    targetId: text(input.targetId, 255),
    ip: text(input.ip, 64),
    outcome: input.outcome,
    status: typeof input.status === 'number' && Number.isInteger(input.status) ? input.status : null,
  };
}

/** The row as hashed, rebuilt from what the database returns. */
export function hashedPart(stored: Record<string, unknown>): AuditRow {
  const s = (k: string) => (stored[k] === undefined || stored[k] === null ? null : String(stored[k]));
  return {
    seq: Number(stored.seq),
    at: String(stored.at),
    actorType: String(stored.actorType) as ActorType,
    actorId: s('actorId'),
    action: String(stored.action),
    subject: s('subject'),
    targetId: s('targetId'),
    ip: s('ip'),
    outcome: String(stored.outcome) as Outcome,
    status: stored.status === null || stored.status === undefined ? null : Number(stored.status),
  };
}
