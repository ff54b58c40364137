/** Shapes of the staff API answers the UI reads (mirrors the server's zod response schemas). */

export type Role = 'admin' | 'clinician' | 'front-desk' | 'auditor';
export type Status = 'new' | 'in-review' | 'done';

export interface Me {
  id: string;
  email: string;
  name: string;
  stage: 'password' | 'mfa';
  roles: { role: Role; clinicId: string | null }[];
  csrfToken: string;
  session: { idleExpiresAt: string; absoluteExpiresAt: string };
}

export interface NextStep {
  next: 'totp' | 'enroll';
  csrfToken: string;
}

export interface SignedIn {
  signedIn: true;
  csrfToken: string;
  expiresAt: string;
}

export interface EnrollStart {
  otpauthUri: string;
  qrSvgDataUrl: string;
  secret: string;
}

export interface EnrollConfirmed extends SignedIn {
  recoveryCodes: string[];
}

export interface SubmissionSummary {
  id: string;
  form: string;
  clinicId: string;
  receivedAt: string;
  status: Status;
  assigneeId: string | null;
  unread: boolean;
}

export interface SubmissionPage {
  items: SubmissionSummary[];
  nextCursor: string | null;
}

export type AnswerValue = string | string[] | boolean;

export type PresentedField = { key: string; label: string; value: AnswerValue } | { key: string; label: string; masked: true; reason: string };

export interface SubmissionView extends Omit<SubmissionSummary, 'unread'> {
  formTitle: string;
  formVersion: string;
  submittedAt: string;
  fields: PresentedField[];
}

/** GET /api/ui/directory: names for the ids the other answers carry, limited to what I may see. */
export interface Directory {
  clinics: { id: string; code: string; name: string }[];
  forms: { slug: string; title: string; clinicId: string }[];
  staff: { id: string; name: string; clinicIds: string[] }[];
}

/** GET /api/ui/inbox-summary */
export interface InboxSummary {
  clinics: { clinicId: string; newCount: number; unreadCount: number }[];
}

export interface AuditEvent {
  seq: string;
  at: string;
  event: string;
  outcome: string;
  actorType: string;
  actorId: string | null;
  action: string;
  resourceType: string | null;
  resourceId: string | null;
  clinicId: string | null;
  ip: string | null;
  service: string;
}

export interface AuditPage {
  items: AuditEvent[];
  nextCursor: string | null;
}

export interface StaffItem {
  id: string;
  email: string;
  name: string;
  active: boolean;
  locked: boolean;
  passwordSet: boolean;
  mfaEnrolled: boolean;
  roles: { role: Role; clinicId: string | null }[];
}

export interface Clinic {
  id: string;
  code: string;
  name: string;
}

export interface SessionItem {
  id: string;
  current: boolean;
  createdAt: string;
  lastSeenAt: string;
  ip: string | null;
  userAgent: string | null;
}
