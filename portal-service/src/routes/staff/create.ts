import { randomUUID } from 'node:crypto';
import { badRequest, conflict } from '../../access/http-errors';
import type { Role, RoleGrant } from '../../access/roles';
import type { Db } from '../../db/types';
import { issueEnrollmentLink } from '../../identity/enrollment';
import { normalizeEmail } from '../../identity/staff-store';
import { replaceGrants, resolveGrants } from './store';

export interface NewStaff {
  email: string;
  name: string;
  roles: readonly { role: Role; clinic?: string | null }[];
}

/**
 * Shared by POST /api/admin/staff and the create-staff CLI: the account starts
 * without a password; the person sets it through the one-time link.
 */
export async function createStaff(tx: Db, input: NewStaff, opts: { now: Date; publicUrl: string }): Promise<{ id: string; grants: RoleGrant[]; link: string; expiresAt: Date }> {
  const email = normalizeEmail(input.email);
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw badRequest('That is not an email address.');
  if (input.roles.length === 0) throw badRequest('Give the account at least one role.');
  const exists = await tx.query(`SELECT 1 FROM staff WHERE email = $1`, [email]);
  if (exists.rowCount > 0) throw conflict('An account with that email already exists.');
  const grants = await resolveGrants(tx, input.roles);
  const id = randomUUID();
  await tx.query(`INSERT INTO staff (id, email, display_name, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)`, [id, email, input.name.trim(), opts.now]);
  await replaceGrants(tx, id, grants);
  const { link, expiresAt } = await issueEnrollmentLink(tx, { staffId: id, now: opts.now, publicUrl: opts.publicUrl });
  return { id, grants, link, expiresAt };
}
