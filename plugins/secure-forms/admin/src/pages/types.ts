/** What GET /secure-forms/status returns (server/src/services/status.ts): counts and settings, no ciphertext. */
export interface StatusSummary {
  forms: Array<{ documentId: string; title: string; slug: string; clinicCode: string | null; published: boolean }>;
  outbox: { depth: number; oldestPendingAgeSeconds: number | null; overdue: number; alertAgeSeconds: number };
  lastForwardError: { message: string; at: string } | null;
  today: { delivered: number; shredded: number; rejected: number };
  portal: { intakeUrl: string; publicUrl: string; keysetPin: string | null; keysetPinSource: 'configured' | 'first-use' | 'none' };
  cms: { signingKeyId: string; signingKeyFingerprint: string };
  sweep: { schedule: string; lastRunAt: string | null };
}
