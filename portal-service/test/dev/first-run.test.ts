import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AuditEntry, AuditSink } from '../../src/access/audit-port';
import { developmentFirstRun, type DevAccountFile } from '../../src/dev/first-run';
import type { SecretBox } from '../../src/identity/deps';
import { PasswordHasher } from '../../src/identity/password';
import { testDatabases, type OpenedTestDatabase } from '../helpers/databases';

/** Reversible and bound to its context, like the real key service; enough to check what was stored. */
const secrets: SecretBox = {
  async wrap(plain, context) {
    return Buffer.concat([Buffer.from(`${context}|`), Buffer.from(plain)]);
  },
  async unwrap(wrapped, context) {
    const prefix = Buffer.from(`${context}|`);
    const buf = Buffer.from(wrapped);
    if (!buf.subarray(0, prefix.length).equals(prefix)) throw new Error('wrong context');
    return buf.subarray(prefix.length);
  },
};

describe.each(testDatabases())('development first run on $name', (database) => {
  let db: OpenedTestDatabase;
  let home: string;
  let audited: AuditEntry[];
  let logged: string[];
  const hasher = new PasswordHasher();

  const run = () => {
    const audit: AuditSink = async (_tx, entry) => {
      audited.push(entry);
    };
    return developmentFirstRun({
      db: db.dbs.app,
      hasher,
      secrets,
      audit,
      clock: { now: () => new Date() },
      publicUrl: 'http://patient.localhost:4000',
      home,
      log: { info: (obj, msg) => logged.push(JSON.stringify(obj) + msg) },
    });
  };

  beforeAll(async () => {
    db = await database.open();
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-first-run-'));
    audited = [];
    logged = [];
  });
  afterAll(async () => {
    await db.cleanup();
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('creates the clinics, the demo form and one enrolled account per role, secrets in a 0600 file only', async () => {
    const result = await run();
    expect(result).toEqual({ created: true, file: path.join(home, 'dev-staff.json') });
    const file = path.join(home, 'dev-staff.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const content = JSON.parse(fs.readFileSync(file, 'utf8')) as DevAccountFile;
    expect(content.accounts.map((a) => a.handle)).toEqual(['admin', 'clinician@riverside', 'frontdesk@riverside', 'clinician@hillcrest', 'auditor']);

    const clinics = await db.dbs.owner.query<{ code: string; name: string }>(`SELECT code, name FROM clinics ORDER BY code`);
    expect(clinics.rows).toEqual([{ code: 'hillcrest', name: 'Hillcrest Clinic' }, { code: 'riverside', name: 'Riverside Family Clinic' }]);
    const form = await db.dbs.owner.query<{ clinic: string; definition: { key: string; sensitivity: string }[] }>(
      `SELECT c.code AS clinic, f.definition FROM forms f JOIN clinics c ON c.id = f.clinic_id WHERE f.slug = 'new-patient-intake'`,
    );
    expect(form.rows[0]?.clinic).toBe('riverside');
    expect(form.rows[0]?.definition.filter((f) => f.sensitivity === 'contact').map((f) => f.key)).toEqual(['email', 'phone', 'preferredLocation', 'contactConsent']);

    for (const account of content.accounts) {
      const row = await db.dbs.owner.query<{ id: string; password_hash: string; enrollment_token_hash: string | null }>(`SELECT id, password_hash, enrollment_token_hash FROM staff WHERE email = $1`, [account.email]);
      const staff = row.rows[0];
      expect(staff?.enrollment_token_hash).toBeNull();
      expect(await hasher.verify(staff?.password_hash ?? '', account.password)).toBe(true);
      const totp = await db.dbs.owner.query<{ secret_wrapped: Uint8Array; confirmed_at: unknown; last_used_step: unknown }>(`SELECT secret_wrapped, confirmed_at, last_used_step FROM staff_totp WHERE staff_id = $1`, [staff?.id]);
      expect(totp.rows[0]?.confirmed_at).not.toBeNull();
      expect(Number(totp.rows[0]?.last_used_step)).toBe(0);
      expect(Buffer.from(await secrets.unwrap(totp.rows[0]?.secret_wrapped ?? new Uint8Array(), `staff-totp:${staff?.id}`)).toString()).toBe(account.totpSecret);
      expect(account.recoveryCodes).toHaveLength(10);
    }

    // The log names the file and the accounts, never a password, TOTP secret or recovery code.
    const log = logged.join('\n');
    expect(log).toContain(`development staff accounts written to ${file}`);
    for (const a of content.accounts) {
      for (const secret of [a.password, a.totpSecret, ...a.recoveryCodes]) expect(log).not.toContain(secret);
    }
    expect(audited.map((e) => e.event)).toEqual(expect.arrayContaining(['admin.clinic.create', 'admin.form.register', 'admin.staff.create', 'auth.mfa.enrolled']));
    expect(JSON.stringify(audited)).not.toContain(content.accounts[0]?.password);
  });

  it('does nothing on the next start: the accounts and the file stay as they were', async () => {
    const file = path.join(home, 'dev-staff.json');
    const before = fs.readFileSync(file, 'utf8');
    expect(await run()).toEqual({ created: false });
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
    const staff = await db.dbs.owner.query(`SELECT 1 FROM staff`);
    expect(staff.rowCount).toBe(5);
  });
});
