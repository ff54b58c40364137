/**
 * Audit event codes. Rows name one of these, never free text; the identity and
 * access work may append codes here.
 */
export const AuditEvents = {
  loginSuccess: 'auth.login.success',
  loginFailure: 'auth.login.failure',
  mfaSuccess: 'auth.mfa.success',
  mfaFailure: 'auth.mfa.failure',
  lockout: 'auth.lockout',
  logout: 'auth.logout',
  mfaEnrolled: 'auth.mfa.enrolled',
  mfaEnrollmentStarted: 'auth.mfa.enrollment-started',
  enrollmentFailure: 'auth.enrollment.failure',
  recoveryCodeUsed: 'auth.recovery-code.used',
  passwordChanged: 'auth.password.changed',
  sessionExpired: 'auth.session.expired',
  sessionRevoked: 'auth.session.revoked',
  submissionList: 'submission.list',
  submissionRead: 'submission.read',
  submissionUpdate: 'submission.update',
  submissionExport: 'submission.export',
  intakeAccepted: 'intake.accepted',
  intakeDuplicate: 'intake.duplicate',
  intakeRejected: 'intake.rejected',
  staffCreate: 'admin.staff.create',
  staffUpdate: 'admin.staff.update',
  staffDeactivate: 'admin.staff.deactivate',
  staffResetFactor: 'admin.staff.reset-factor',
  clinicCreate: 'admin.clinic.create',
  clinicList: 'admin.clinic.list',
  formRegister: 'admin.form.register',
  keyRotate: 'admin.key.rotate',
  keyRetire: 'admin.key.retire',
  auditSearch: 'audit.search',
  auditVerify: 'audit.verify',
  accessDenied: 'access.denied',
  // Appended by identity & access: admin reads of the registries are audited too.
  staffList: 'admin.staff.list',
  formList: 'admin.form.list',
  // Appended by interoperability (FHIR, EHR clients, de-identified export).
  fhirRead: 'fhir.read',
  ehrClientRegister: 'admin.ehr-client.register',
  ehrClientRevoke: 'admin.ehr-client.revoke',
  ehrClientList: 'admin.ehr-client.list',
  ehrTokenIssued: 'ehr.token.issued',
  ehrTokenRefused: 'ehr.token.refused',
  ehrTokenRejected: 'ehr.token.rejected',
} as const;

export type AuditEventCode = (typeof AuditEvents)[keyof typeof AuditEvents];

/** Which process wrote a row. */
export type AuditService = 'portal-staff' | 'portal-intake' | 'portal-cli';
