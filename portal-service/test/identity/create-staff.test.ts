import { FakeClock } from '../../src/clock';
import { testDatabases, type OpenedTestDatabase } from '../helpers/databases';
import { enrollmentTokenHash } from '../../src/identity/enrollment';
import { createStaffCli as runCreateStaff } from '../../src/cli/create-staff';

describe.each(testDatabases())('create-staff on $name', (database) => {
  let db: OpenedTestDatabase;
  const clock = new FakeClock();
  beforeAll(async () => {
    db = await database.open();
    await db.dbs.owner.query(`INSERT INTO clinics (id, code, name) VALUES ('22222222-2222-4222-8222-222222222222', 'north', 'North')`);
  });
  afterAll(() => db.cleanup());

  const env = (out: string[] = []) => ({ config: { ...db.config, publicUrl: 'https://portal.example' }, clock, databases: db.dbs, out: (l: string) => void out.push(l) });

  it('creates a passwordless account and prints a 72-hour link whose token is stored only as a hash', async () => {
    const printed: string[] = [];
    const result = await runCreateStaff({ email: 'Dr.Who@Clinic.test', name: 'Dr Who', roles: ['clinician'], clinic: 'north' }, env(printed));
    expect(printed.join('\n')).toContain(result.link);
    expect(result.link).toMatch(/^https:\/\/portal\.example\/enroll#token=[A-Za-z0-9_-]{43}$/);
    expect(result.expiresAt.getTime() - clock.now().getTime()).toBe(72 * 3600 * 1000);
    const token = result.link.split('#token=')[1] as string;
    const row = await db.dbs.owner.query<{ email: string; password_hash: string | null; enrollment_token_hash: string }>(`SELECT email, password_hash, enrollment_token_hash FROM staff WHERE id = $1`, [result.id]);
    expect(row.rows[0]).toEqual({ email: 'dr.who@clinic.test', password_hash: null, enrollment_token_hash: enrollmentTokenHash(token) });
    const roles = await db.dbs.owner.query(`SELECT role, clinic_id FROM staff_roles WHERE staff_id = $1`, [result.id]);
    expect(roles.rows).toEqual([{ role: 'clinician', clinic_id: '22222222-2222-4222-8222-222222222222' }]);
    const audit = await db.dbs.owner.query<{ event: string; service: string }>(`SELECT event, service FROM audit_events WHERE resource_id = $1`, [result.id]);
    expect(audit.rows).toEqual([{ event: 'admin.staff.create', service: 'portal-cli' }]);
  });

  it('refuses a clinical role without a known clinic and a duplicate email, leaving nothing behind', async () => {
    await expect(runCreateStaff({ email: 'x@clinic.test', name: 'X', roles: ['clinician'] }, env())).rejects.toThrow(/needs a clinic/);
    await expect(runCreateStaff({ email: 'x@clinic.test', name: 'X', roles: ['front-desk'], clinic: 'nowhere' }, env())).rejects.toThrow(/No clinic/);
    await expect(runCreateStaff({ email: 'dr.who@clinic.test', name: 'Again', roles: ['auditor'] }, env())).rejects.toThrow(/already exists/);
    const n = await db.dbs.owner.query<{ n: unknown }>(`SELECT count(*) AS n FROM staff WHERE email = 'x@clinic.test'`);
    expect(Number(n.rows[0]?.n)).toBe(0);
  });
});
