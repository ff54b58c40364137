import type { Db } from '../../db/types';
import { ROLES, type Role, type RoleGrant } from '../../access/roles';
import { badRequest } from '../../access/http-errors';

export interface StaffListItem {
  id: string;
  email: string;
  name: string;
  active: boolean;
  locked: boolean;
  passwordSet: boolean;
  mfaEnrolled: boolean;
  roles: RoleGrant[];
}

/** `locked` means the lockout proper (threshold reached), not the short delay between early failures. */
export async function listStaff(tx: Db, now: Date, lockoutThreshold: number): Promise<StaffListItem[]> {
  const res = await tx.query<{ id: string; email: string; display_name: string; active: boolean; locked_until: Date | string | null; password_set: boolean; mfa: boolean; failed_attempts: number }>(
    `SELECT s.id, s.email, s.display_name, s.active, s.locked_until, s.failed_attempts, (s.password_hash IS NOT NULL) AS password_set,
            EXISTS (SELECT 1 FROM staff_totp t WHERE t.staff_id = s.id AND t.confirmed_at IS NOT NULL) AS mfa
     FROM staff s WHERE s.kind = 'person' ORDER BY s.email`,
  );
  const roles = await tx.query<{ staff_id: string; role: Role; clinic_id: string | null }>(`SELECT staff_id, role, clinic_id FROM staff_roles ORDER BY role, clinic_id`);
  const byStaff = new Map<string, RoleGrant[]>();
  for (const r of roles.rows) byStaff.set(r.staff_id, [...(byStaff.get(r.staff_id) ?? []), { role: r.role, clinicId: r.clinic_id }]);
  return res.rows.map((r) => ({
    id: r.id,
    email: r.email,
    name: r.display_name,
    active: r.active,
    locked: r.locked_until !== null && new Date(r.locked_until).getTime() > now.getTime() && Number(r.failed_attempts) >= lockoutThreshold,
    passwordSet: r.password_set,
    mfaEnrolled: r.mfa,
    roles: byStaff.get(r.id) ?? [],
  }));
}

/** Clinic codes or ids to grants; a clinical role without a clinic (or a global one with one) is refused. */
export async function resolveGrants(tx: Db, input: readonly { role: Role; clinic?: string | null }[]): Promise<RoleGrant[]> {
  const grants: RoleGrant[] = [];
  for (const g of input) {
    if (!ROLES.includes(g.role)) throw badRequest(`Unknown role "${g.role}".`);
    const clinical = g.role === 'clinician' || g.role === 'front-desk';
    if (clinical !== Boolean(g.clinic)) {
      throw badRequest(clinical ? `The role ${g.role} needs a clinic.` : `The role ${g.role} is not tied to a clinic.`);
    }
    let clinicId: string | null = null;
    if (g.clinic) {
      const found = await tx.query<{ id: string }>(`SELECT id FROM clinics WHERE code = $1 OR id::text = $1`, [g.clinic]);
      if (!found.rows[0]) throw badRequest('No clinic with that code.');
      clinicId = found.rows[0].id;
    }
    if (!grants.some((x) => x.role === g.role && x.clinicId === clinicId)) grants.push({ role: g.role, clinicId });
  }
  return grants;
}

export async function replaceGrants(tx: Db, staffId: string, grants: readonly RoleGrant[]): Promise<void> {
  await tx.query(`DELETE FROM staff_roles WHERE staff_id = $1`, [staffId]);
  for (const g of grants) {
    await tx.query(`INSERT INTO staff_roles (staff_id, role, clinic_id) VALUES ($1, $2, $3)`, [staffId, g.role, g.clinicId]);
  }
}
