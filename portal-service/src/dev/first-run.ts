import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AuditSink } from '../access/audit-port';
import type { Db } from '../db/types';
import type { SecretBox } from '../identity/deps';
import { totpContext } from '../identity/deps';
import type { PasswordHasher } from '../identity/password';
import { checkPasswordPolicy } from '../identity/password-policy';
import { generateRecoveryCodes, hashRecoveryCode } from '../identity/recovery-codes';
import type { Clock } from '../identity/sessions';
import { newTotpSecret, totpUri } from '../identity/totp';
import { createStaff } from '../routes/staff/create';
import { DEV_ACCOUNTS, DEV_CLINICS, DEV_FORM } from './demo-data';

export const DEV_STAFF_FILE = 'dev-staff.json';

export interface FirstRunDeps {
  /** The staff API's handle (portal_app): the same grants the admin API uses. */
  db: Db;
  hasher: PasswordHasher;
  secrets: SecretBox;
  audit: AuditSink;
  clock: Clock;
  publicUrl: string;
  /** $PALISADE_HOME: where dev-staff.json goes. */
  home: string;
  log: { info(obj: object, msg: string): void };
}

export interface DevAccountFile {
  note: string;
  portalUrl: string;
  createdAt: string;
  accounts: {
    handle: string;
    email: string;
    name: string;
    roles: { role: string; clinic: string | null }[];
    password: string;
    totpSecret: string;
    otpauthUri: string;
    recoveryCodes: string[];
  }[];
}

const SYSTEM = { actorType: 'system' as const, actorId: 'dev-first-run' };
const META = { requestId: 'dev-first-run' };

/** 18 random bytes as base64url: 24 characters, never on a common-password list. */
function generatePassword(email: string): string {
  for (;;) {
    const candidate = randomBytes(18).toString('base64url');
    if (checkPasswordPolicy(candidate, { email }).ok) return candidate;
  }
}

/** Written next to the data it unlocks, readable by the developer only; replaced atomically. */
function writeSecretsFile(file: string, content: DevAccountFile): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
}

/**
 * Development first run: on an empty database (no clinic, no staff), creates
 * the demo clinics, registers the demo form, and creates one account per role
 * with a generated password and an already enrolled authenticator, so
 * `npm start` can be tried at once. The secrets go to $PALISADE_HOME/dev-staff.json
 * (mode 0600), never to the log. Accounts are created with the identity
 * service's own `createStaff` (the admin API's path); password and TOTP are set
 * as enrollment would set them, audited as the system.
 *
 * The file is written inside the database transaction, before it commits: if
 * the commit fails, the next start finds the database still empty and writes
 * it again, so the file never lacks an account that exists.
 */
export async function developmentFirstRun(deps: FirstRunDeps): Promise<{ created: false } | { created: true; file: string }> {
  const file = path.join(deps.home, DEV_STAFF_FILE);
  const created = await deps.db.transaction(async (tx) => {
    const existing = await tx.query<{ n: unknown }>(`SELECT (SELECT count(*) FROM clinics) + (SELECT count(*) FROM staff) AS n`);
    if (Number(existing.rows[0]?.n ?? 0) > 0) return false;
    const now = deps.clock.now();

    const clinicIds = new Map<string, string>();
    for (const clinic of DEV_CLINICS) {
      const id = randomUUID();
      clinicIds.set(clinic.code, id);
      await tx.query(`INSERT INTO clinics (id, code, name, created_at) VALUES ($1, $2, $3, $4)`, [id, clinic.code, clinic.name, now]);
      await deps.audit(tx, { event: 'admin.clinic.create', outcome: 'success', ...SYSTEM, action: 'C', resourceType: 'clinic', resourceId: id, clinicId: id, detail: { code: clinic.code } }, META);
    }

    const formClinic = clinicIds.get(DEV_FORM.clinic);
    await tx.query(`INSERT INTO forms (slug, clinic_id, title, definition, retention_days, created_at) VALUES ($1, $2, $3, $4::jsonb, $5, $6)`, [
      DEV_FORM.slug,
      formClinic,
      DEV_FORM.title,
      JSON.stringify(DEV_FORM.definition),
      DEV_FORM.retentionDays,
      now,
    ]);
    await deps.audit(tx, { event: 'admin.form.register', outcome: 'success', ...SYSTEM, action: 'C', resourceType: 'form', resourceId: DEV_FORM.slug, clinicId: formClinic ?? null, detail: { fields: DEV_FORM.definition.length } }, META);

    const accounts: DevAccountFile['accounts'] = [];
    for (const spec of DEV_ACCOUNTS) {
      const staff = await createStaff(tx, { email: spec.email, name: spec.name, roles: spec.roles }, { now, publicUrl: deps.publicUrl });
      await deps.audit(tx, { event: 'admin.staff.create', outcome: 'success', ...SYSTEM, action: 'C', resourceType: 'staff', resourceId: staff.id, detail: { roles: staff.grants.map((g) => g.role) } }, META);

      const password = generatePassword(spec.email);
      await tx.query(`UPDATE staff SET password_hash = $2, enrollment_token_hash = NULL, enrollment_expires_at = NULL, updated_at = $3 WHERE id = $1`, [staff.id, await deps.hasher.hash(password), now]);
      await deps.audit(tx, { event: 'auth.password.changed', outcome: 'success', ...SYSTEM, action: 'U', resourceType: 'staff', resourceId: staff.id, detail: { via: 'dev-first-run' } }, META);

      // Enrolled but never used: last_used_step 0, so the first code the developer types works.
      const totpSecret = newTotpSecret();
      const wrapped = await deps.secrets.wrap(Buffer.from(totpSecret, 'utf8'), totpContext(staff.id));
      await tx.query(`INSERT INTO staff_totp (staff_id, secret_wrapped, confirmed_at, last_used_step) VALUES ($1, $2, $3, 0)`, [staff.id, Buffer.from(wrapped), now]);
      const recoveryCodes = generateRecoveryCodes();
      for (const code of recoveryCodes) {
        await tx.query(`INSERT INTO staff_recovery_codes (id, staff_id, code_hash) VALUES ($1, $2, $3)`, [randomUUID(), staff.id, hashRecoveryCode(code)]);
      }
      await deps.audit(tx, { event: 'auth.mfa.enrolled', outcome: 'success', ...SYSTEM, action: 'C', resourceType: 'staff', resourceId: staff.id, detail: { factor: 'totp', via: 'dev-first-run', recoveryCodes: recoveryCodes.length } }, META);

      accounts.push({
        handle: spec.handle,
        email: spec.email,
        name: spec.name,
        roles: spec.roles.map((r) => ({ role: r.role, clinic: r.clinic })),
        password,
        totpSecret,
        otpauthUri: totpUri(totpSecret, spec.email),
        recoveryCodes,
      });
    }

    writeSecretsFile(file, {
      note: 'Development accounts created on the first start of an empty portal database. Never use them in production. Add totpSecret (or scan otpauthUri as a QR code) to an authenticator app.',
      portalUrl: `${deps.publicUrl.replace(/\/+$/, '')}/`,
      createdAt: now.toISOString(),
      accounts,
    });
    return true;
  });
  if (!created) return { created: false };
  deps.log.info({ file, accounts: DEV_ACCOUNTS.map((a) => a.email) }, `development staff accounts written to ${file}`);
  return { created: true, file };
}
