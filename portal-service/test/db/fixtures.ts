import crypto from 'node:crypto';
import type { Db } from '../../src/db/types';

export interface Fixture {
  clinicA: string;
  clinicB: string;
  submissionA: string;
  submissionB: string;
  staffId: string;
}

/** Two clinics with one submission each, a staff member and a session, written as the owner. */
export async function seedTwoClinics(owner: Db): Promise<Fixture> {
  const f: Fixture = {
    clinicA: crypto.randomUUID(),
    clinicB: crypto.randomUUID(),
    submissionA: crypto.randomUUID(),
    submissionB: crypto.randomUUID(),
    staffId: crypto.randomUUID(),
  };
  await owner.transaction(async (tx) => {
    await tx.query(`INSERT INTO clinics (id, code, name) VALUES ($1, 'north', 'North'), ($2, 'south', 'South')`, [f.clinicA, f.clinicB]);
    await tx.query(`INSERT INTO forms (slug, clinic_id, title) VALUES ('intake-a', $1, 'A'), ('intake-b', $2, 'B')`, [f.clinicA, f.clinicB]);
    await tx.query(`INSERT INTO keys (kid, purpose, public_key, private_wrapped, current) VALUES ('k1', 'intake', '\\x00', '\\x00', true)`);
    for (const [id, form, clinic] of [
      [f.submissionA, 'intake-a', f.clinicA],
      [f.submissionB, 'intake-b', f.clinicB],
    ] as const) {
      await tx.query(
        `INSERT INTO submissions (id, form_slug, clinic_id, kid, ciphertext, digest, received_at, received_by, receipt, retention_until)
         VALUES ($1, $2, $3, 'k1', '\\xdeadbeef', 'sha-256=:x:', now(), 'cms-test-1', '{}', now() + interval '1 year')`,
        [id, form, clinic],
      );
    }
    await tx.query(`INSERT INTO staff (id, email, display_name) VALUES ($1, 'a@example.org', 'A')`, [f.staffId]);
    await tx.query(
      `INSERT INTO sessions (id, token_hash, staff_id, stage, csrf_token_hash, created_at, last_seen_at, expires_at)
       VALUES ($1, '\\x01', $2, 'mfa', '\\x02', now(), now(), now() + interval '1 hour')`,
      [crypto.randomUUID(), f.staffId],
    );
    await tx.query(
      `INSERT INTO audit_events (seq, at, event, outcome, actor_type, action, service, prev_hash, hash)
       VALUES (1, now(), 'test.seed', 'success', 'system', 'C', 'portal-cli', '\\x00', '\\x01')`,
    );
  });
  return f;
}
