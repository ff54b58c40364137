export interface AuditRow {
  seq: number;
  at: string;
  actorType: string;
  actorId: string | null;
  action: string;
  subject: string | null;
  targetId: string | null;
  ip: string | null;
  outcome: 'success' | 'failure' | 'denied';
  status: number | null;
}

export interface AuditPage {
  results: AuditRow[];
  pagination: { page: number; pageSize: number; total: number };
}

export type VerifyReport =
  | { ok: true; count: number; head: string | null; startsAfter: number | null }
  | { ok: false; brokenAt: number; reason: string; count: number; message: string };

export interface AdminAccount {
  id: number;
  email: string;
  name: string;
  isActive: boolean;
  enrolled: boolean;
  locked: boolean;
  lockedUntil: string | null;
  recoveryCodesLeft: number;
  lastLoginAt: string | null;
}

export interface DormantReport {
  days: number;
  cutoff: string;
  admins: Array<{ id: number; email: string; lastActivityAt: string; action: string }>;
  tokens: Array<{ id: number; name: string; kind: string; lastActivityAt: string }>;
}

export interface Violation {
  rule: string;
  target: string;
  message: string;
}
