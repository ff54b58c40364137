import type { Db } from '../db/types';
import { toBuffer, toDate, toNumber } from '../db/values';
import type { RoleGrant, Role } from '../access/roles';

export interface StaffAccount {
  id: string;
  email: string;
  displayName: string;
  passwordHash: string | null;
  active: boolean;
  failedAttempts: number;
  lockedUntil: Date | null;
}

interface StaffRow {
  id: string;
  email: string;
  display_name: string;
  password_hash: string | null;
  active: boolean;
  failed_attempts: unknown;
  locked_until: unknown;
}

const COLUMNS = 'id, email, display_name, password_hash, active, failed_attempts, locked_until';

function fromRow(r: StaffRow): StaffAccount {
  return {
    id: r.id,
    email: r.email,
    displayName: r.display_name,
    passwordHash: r.password_hash,
    active: r.active,
    failedAttempts: toNumber(r.failed_attempts),
    lockedUntil: r.locked_until === null ? null : toDate(r.locked_until),
  };
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Row-locked reads so concurrent attempts on one account count every failure. */
export async function findStaffByEmailForUpdate(tx: Db, email: string): Promise<StaffAccount | undefined> {
  const res = await tx.query<StaffRow>(`SELECT ${COLUMNS} FROM staff WHERE email = $1 FOR UPDATE`, [normalizeEmail(email)]);
  return res.rows[0] ? fromRow(res.rows[0]) : undefined;
}

export async function findStaffForUpdate(tx: Db, staffId: string): Promise<StaffAccount | undefined> {
  const res = await tx.query<StaffRow>(`SELECT ${COLUMNS} FROM staff WHERE id = $1 FOR UPDATE`, [staffId]);
  return res.rows[0] ? fromRow(res.rows[0]) : undefined;
}

export async function findStaff(tx: Db, staffId: string): Promise<StaffAccount | undefined> {
  const res = await tx.query<StaffRow>(`SELECT ${COLUMNS} FROM staff WHERE id = $1`, [staffId]);
  return res.rows[0] ? fromRow(res.rows[0]) : undefined;
}

export async function loadGrants(tx: Db, staffId: string): Promise<RoleGrant[]> {
  const res = await tx.query<{ role: Role; clinic_id: string | null }>(
    `SELECT role, clinic_id FROM staff_roles WHERE staff_id = $1 ORDER BY role, clinic_id`,
    [staffId],
  );
  return res.rows.map((r) => ({ role: r.role, clinicId: r.clinic_id }));
}

export async function setFailures(tx: Db, staffId: string, failures: number, lockedUntil: Date | null, now: Date): Promise<void> {
  await tx.query(`UPDATE staff SET failed_attempts = $2, locked_until = $3, updated_at = $4 WHERE id = $1`, [staffId, failures, lockedUntil, now]);
}

export async function clearFailures(tx: Db, staffId: string, now: Date): Promise<void> {
  await setFailures(tx, staffId, 0, null, now);
}

export interface TotpRecord {
  secretWrapped: Buffer;
  confirmed: boolean;
  lastUsedStep: number;
}

export async function findTotp(tx: Db, staffId: string): Promise<TotpRecord | undefined> {
  const res = await tx.query<{ secret_wrapped: unknown; confirmed_at: unknown; last_used_step: unknown }>(
    `SELECT secret_wrapped, confirmed_at, last_used_step FROM staff_totp WHERE staff_id = $1`,
    [staffId],
  );
  const row = res.rows[0];
  if (!row) return undefined;
  return { secretWrapped: toBuffer(row.secret_wrapped), confirmed: row.confirmed_at !== null, lastUsedStep: toNumber(row.last_used_step) };
}
