import { totpCodeAt } from '../../src/identity/totp';
import { testDatabases } from '../helpers/databases';
import { as, auditRows, cookieHeader, seedStaff, seedWorld, sessionCookie, signIn, startHarness, type Browser, type Harness, type World } from './harness';

describe.each(testDatabases())('administration on $name', (database) => {
  let h: Harness;
  let w: World;
  let admin: Browser;
  let adminId: string;
  let clinician: Browser;

  beforeAll(async () => {
    h = await startHarness(database, { lockoutThreshold: 3 });
    w = await seedWorld(h);
    const a = await seedStaff(h, { email: 'root@clinic.test', roles: [{ role: 'admin', clinicId: null }] });
    adminId = a.id;
    admin = await signIn(h, a);
    clinician = await signIn(h, await seedStaff(h, { email: 'doc@clinic.test', roles: [{ role: 'clinician', clinicId: w.clinicA }] }));
  });
  afterAll(() => h.close());

  const call = (b: Browser, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => h.app.inject({ method, url, payload, ...as(b) });

  it('keeps administration to admins', async () => {
    for (const url of ['/api/admin/staff', '/api/admin/clinics', '/api/admin/forms']) expect((await call(clinician, 'GET', url)).statusCode).toBe(403);
  });

  it('invites staff with an enrollment link that expires after 72 hours', async () => {
    const res = await call(admin, 'POST', '/api/admin/staff', { email: 'New.Nurse@clinic.test', name: 'New Nurse', roles: [{ role: 'front-desk', clinic: 'north' }] });
    expect(res.statusCode).toBe(201);
    const body = res.json() as { id: string; enrollmentLink: string; roles: unknown[] };
    expect(body.roles).toEqual([{ role: 'front-desk', clinicId: w.clinicA }]);
    const token = body.enrollmentLink.split('#token=')[1] as string;
    h.clock.advance(72 * 3600 + 1);
    const late = await h.app.inject({ method: 'POST', url: '/api/auth/enrollment', payload: { token, password: 'saffron kettle winter road' } });
    expect(late.statusCode).toBe(401);
    const list = await call(admin, 'GET', '/api/admin/staff');
    expect(list.statusCode).toBe(401); // the admin's own session went idle meanwhile
    expect((await auditRows(h, 'admin.staff.create')).at(-1)).toMatchObject({ actor_id: adminId, resource_id: body.id });
  });

  it('lists staff, changes roles, deactivates (ending sessions) and refuses to let an admin lock themself out', async () => {
    admin = await signIn(h, { id: adminId, email: 'root@clinic.test', password: 'violet harbour lantern 42', totpSecret: await secretOf(h, adminId) });
    const target = await seedStaff(h, { email: 'moving@clinic.test', roles: [{ role: 'clinician', clinicId: w.clinicA }] });
    const targetSession = await signIn(h, target);
    const list = await call(admin, 'GET', '/api/admin/staff');
    expect(list.statusCode).toBe(200);
    const item = (list.json().items as { id: string; mfaEnrolled: boolean; passwordSet: boolean }[]).find((i) => i.id === target.id);
    expect(item).toMatchObject({ mfaEnrolled: true, passwordSet: true });
    expect(JSON.stringify(list.json())).not.toMatch(/argon2|password_hash|secret/);

    const roles = await call(admin, 'PATCH', `/api/admin/staff/${target.id}`, { roles: [{ role: 'clinician', clinic: 'south' }] });
    expect(roles.statusCode).toBe(200);
    const me = await h.app.inject({ method: 'GET', url: '/api/me', ...as(targetSession) });
    expect(me.json().roles).toEqual([{ role: 'clinician', clinicId: w.clinicB }]);

    const off = await call(admin, 'PATCH', `/api/admin/staff/${target.id}`, { active: false });
    expect(off.statusCode).toBe(200);
    expect((await h.app.inject({ method: 'GET', url: '/api/me', ...as(targetSession) })).statusCode).toBe(401);
    expect((await auditRows(h, 'admin.staff.deactivate')).at(-1)).toMatchObject({ resource_id: target.id });

    expect((await call(admin, 'PATCH', `/api/admin/staff/${adminId}`, { active: false })).statusCode).toBe(409);
  });

  it('unlocks a locked account at once', async () => {
    const locked = await seedStaff(h, { email: 'locked@clinic.test', roles: [{ role: 'auditor', clinicId: null }] });
    for (let i = 0; i < 3; i++) {
      await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: locked.email, password: `wrong guess ${i}` } });
      h.clock.advance(2);
    }
    expect((await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: locked.email, password: locked.password } })).statusCode).toBe(423);
    const listed = (await call(admin, 'GET', '/api/admin/staff')).json().items as { id: string; locked: boolean }[];
    expect(listed.find((i) => i.id === locked.id)?.locked).toBe(true);
    expect((await call(admin, 'PATCH', `/api/admin/staff/${locked.id}`, { unlock: true })).statusCode).toBe(200);
    expect((await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: locked.email, password: locked.password } })).statusCode).toBe(200);
  });

  it('resets a factor: the next sign-in must enroll a new authenticator', async () => {
    const s = await seedStaff(h, { email: 'lostphone@clinic.test', roles: [{ role: 'clinician', clinicId: w.clinicA }] });
    const live = await signIn(h, s);
    const reset = await call(admin, 'POST', `/api/admin/staff/${s.id}/reset-factor`, {});
    expect(reset.statusCode).toBe(200);
    expect((await h.app.inject({ method: 'GET', url: '/api/me', ...as(live) })).statusCode).toBe(401);
    h.clock.advance(31);
    const login = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: s.email, password: s.password } });
    expect(login.json().next).toBe('enroll');
    const old = await totpCodeAt(s.totpSecret, h.clock.now());
    const refused = await h.app.inject({ method: 'POST', url: '/api/auth/totp', payload: { code: old }, headers: { ...cookieHeader(sessionCookie(login) as string), 'x-csrf-token': login.json().csrfToken } });
    expect(refused.statusCode).toBe(409);
    expect((await auditRows(h, 'admin.staff.reset-factor')).at(-1)).toMatchObject({ resource_id: s.id, actor_id: adminId });
  });

  it('creates clinics and registers forms, refusing duplicates and unknown clinics', async () => {
    const c = await call(admin, 'POST', '/api/admin/clinics', { code: 'east', name: 'East' });
    expect(c.statusCode).toBe(201);
    expect((await call(admin, 'POST', '/api/admin/clinics', { code: 'east', name: 'East again' })).statusCode).toBe(409);
    // Stored as the CMS defines it: required flags, help text, options one per line.
    const definition = [
      { key: 'email', label: 'Email', type: 'email', required: true, helpText: 'Only to reach you', sensitivity: 'contact' },
      { key: 'site', label: 'Preferred clinic', type: 'select', options: 'East\nWest', sensitivity: 'contact' },
      { key: 'reason', label: 'Reason for visit' },
    ];
    const f = await call(admin, 'POST', '/api/admin/forms', { slug: 'east-intake', clinic: 'east', title: 'East intake', definition });
    expect(f.statusCode).toBe(201);
    expect(f.json()).toMatchObject({ slug: 'east-intake', clinicId: c.json().id, definition, retentionDays: 365 });
    expect((await call(admin, 'POST', '/api/admin/forms', { slug: 'east-2', clinic: 'nowhere', title: 'x' })).statusCode).toBe(400);
    expect((await call(admin, 'POST', '/api/admin/forms', { slug: 'east-intake', clinic: 'east', title: 'x' })).statusCode).toBe(409);
    const forms = await call(admin, 'GET', '/api/admin/forms');
    expect((forms.json().items as { slug: string }[]).map((x) => x.slug)).toContain('east-intake');
    expect((await auditRows(h, 'admin.form.register')).at(-1)).toMatchObject({ resource_id: 'east-intake', clinic_id: c.json().id });
    expect((await auditRows(h, 'admin.clinic.create')).length).toBe(1);
  });
});

async function secretOf(h: Harness, staffId: string): Promise<string> {
  const row = await h.db.dbs.owner.query<{ secret_wrapped: Uint8Array }>(`SELECT secret_wrapped FROM staff_totp WHERE staff_id = $1`, [staffId]);
  const wrapped = row.rows[0]?.secret_wrapped ?? new Uint8Array();
  return Buffer.from(await h.app.identity.deps.secrets.unwrap(Buffer.from(wrapped), `staff-totp:${staffId}`)).toString('utf8');
}

