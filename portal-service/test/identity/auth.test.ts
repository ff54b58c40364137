import { totpCodeAt } from '../../src/identity/totp';
import { testDatabases } from '../helpers/databases';
import { as, auditRows, cookieHeader, seedStaff, sessionCookie, signIn, startHarness, type Harness, type SeededStaff } from './harness';

describe.each(testDatabases())('staff sign-in on $name', (database) => {
  let h: Harness;
  let clinician: SeededStaff;
  let clinicId: string;

  beforeAll(async () => {
    h = await startHarness(database);
    clinicId = '11111111-1111-4111-8111-111111111111';
    await h.db.dbs.owner.query(`INSERT INTO clinics (id, code, name) VALUES ($1, 'north', 'North')`, [clinicId]);
    clinician = await seedStaff(h, { email: 'dr.north@clinic.test', roles: [{ role: 'clinician', clinicId }] });
  });
  afterAll(() => h.close());

  const login = (email: string, password: string) => h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });

  it('sets a __Host- cookie with exactly Path=/, Secure, HttpOnly, SameSite=Strict and no Domain', async () => {
    h.clock.advance(31);
    const res = await login(clinician.email, clinician.password);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ next: 'totp' });
    const header = String(res.headers['set-cookie']);
    expect(header).toMatch(/^__Host-palisade_session=[A-Za-z0-9_-]{43}; /);
    const attrs = header.split('; ').slice(1).map((a) => a.toLowerCase()).sort();
    expect(attrs).toEqual(['httponly', 'path=/', 'samesite=strict', 'secure']);
  });

  it('answers the same generic 401 for a wrong password and an unknown email', async () => {
    const wrong = await login(clinician.email, 'not the password at all');
    const unknown = await login('nobody@clinic.test', 'not the password at all');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().detail).toBe(unknown.json().detail);
    expect(unknown.headers['set-cookie']).toBeUndefined();
    const failures = await auditRows(h, 'auth.login.failure');
    expect(failures.map((r) => (r.detail as { reason: string }).reason)).toEqual(expect.arrayContaining(['bad-password', 'unknown-account']));
    await h.db.dbs.owner.query(`UPDATE staff SET failed_attempts = 0, locked_until = NULL WHERE id = $1`, [clinician.id]);
  });

  it('issues a new token at login and another when MFA completes; the pre-MFA token stops working', async () => {
    h.clock.advance(31);
    const first = await login(clinician.email, clinician.password);
    const second = await login(clinician.email, clinician.password);
    const t1 = sessionCookie(first) as string;
    const t2 = sessionCookie(second) as string;
    expect(t1).not.toEqual(t2);
    const pendingCsrf = second.json().csrfToken as string;
    const code = await totpCodeAt(clinician.totpSecret, h.clock.now());
    const mfa = await h.app.inject({ method: 'POST', url: '/api/auth/totp', payload: { code }, headers: { ...cookieHeader(t2), 'x-csrf-token': pendingCsrf } });
    expect(mfa.statusCode).toBe(200);
    const t3 = sessionCookie(mfa) as string;
    expect(t3).not.toEqual(t2);
    expect((await h.app.inject({ method: 'GET', url: '/api/me', headers: cookieHeader(t2) })).statusCode).toBe(401);
    const me = await h.app.inject({ method: 'GET', url: '/api/me', headers: cookieHeader(t3) });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ id: clinician.id, email: clinician.email, stage: 'mfa', roles: [{ role: 'clinician', clinicId }] });
    expect(me.json().csrfToken).toBe(mfa.json().csrfToken);
  });

  it('revokes the session a browser still carries when it signs in again', async () => {
    const old = await signIn(h, clinician);
    h.clock.advance(31);
    const again = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: clinician.email, password: clinician.password }, headers: cookieHeader(old.cookie) });
    expect(again.statusCode).toBe(200);
    expect((await h.app.inject({ method: 'GET', url: '/api/me', ...as(old) })).statusCode).toBe(401);
  });

  it('keeps a password-stage session away from everything but the second factor', async () => {
    h.clock.advance(31);
    const res = await login(clinician.email, clinician.password);
    const pending = cookieHeader(sessionCookie(res) as string);
    expect((await h.app.inject({ method: 'GET', url: '/api/submissions', headers: pending })).statusCode).toBe(401);
    const me = await h.app.inject({ method: 'GET', url: '/api/me', headers: pending });
    expect(me.json()).toMatchObject({ stage: 'password', roles: [] });
    expect((await h.app.inject({ method: 'GET', url: '/api/admin/staff', headers: pending })).statusCode).toBe(401);
    expect((await h.app.inject({ method: 'GET', url: '/api/audit', headers: pending })).statusCode).toBe(401);
  });

  it('refuses a TOTP code replayed within its window', async () => {
    h.clock.advance(31);
    const code = await totpCodeAt(clinician.totpSecret, h.clock.now());
    const a = await login(clinician.email, clinician.password);
    const ok = await h.app.inject({ method: 'POST', url: '/api/auth/totp', payload: { code }, headers: { ...cookieHeader(sessionCookie(a) as string), 'x-csrf-token': a.json().csrfToken } });
    expect(ok.statusCode).toBe(200);
    const b = await login(clinician.email, clinician.password);
    const replay = await h.app.inject({ method: 'POST', url: '/api/auth/totp', payload: { code }, headers: { ...cookieHeader(sessionCookie(b) as string), 'x-csrf-token': b.json().csrfToken } });
    expect(replay.statusCode).toBe(401);
    const rows = await auditRows(h, 'auth.mfa.failure');
    expect(rows.at(-1)?.detail).toMatchObject({ reason: 'replayed' });
  });

  it('refuses a code two steps old', async () => {
    h.clock.advance(31);
    const old = await totpCodeAt(clinician.totpSecret, new Date(h.clock.now().getTime() - 60_000));
    const a = await login(clinician.email, clinician.password);
    const res = await h.app.inject({ method: 'POST', url: '/api/auth/totp', payload: { code: old }, headers: { ...cookieHeader(sessionCookie(a) as string), 'x-csrf-token': a.json().csrfToken } });
    expect(res.statusCode).toBe(401);
    await h.db.dbs.owner.query(`UPDATE staff SET failed_attempts = 0, locked_until = NULL WHERE id = $1`, [clinician.id]);
  });

  it('ends the session on the server at logout: the old cookie is refused afterwards', async () => {
    const b = await signIn(h, clinician);
    const out = await h.app.inject({ method: 'POST', url: '/api/auth/logout', ...as(b) });
    expect(out.statusCode).toBe(204);
    expect((await h.app.inject({ method: 'GET', url: '/api/me', ...as(b) })).statusCode).toBe(401);
    expect((await auditRows(h, 'auth.logout')).length).toBeGreaterThan(0);
  });

  it('expires a session idle for idleSeconds + 1 (fake clock)', async () => {
    const b = await signIn(h, clinician);
    h.clock.advance(h.db.config.session.idleSeconds - 1);
    expect((await h.app.inject({ method: 'GET', url: '/api/me', ...as(b) })).statusCode).toBe(200);
    h.clock.advance(h.db.config.session.idleSeconds + 1);
    expect((await h.app.inject({ method: 'GET', url: '/api/me', ...as(b) })).statusCode).toBe(401);
    expect((await auditRows(h, 'auth.session.expired')).at(-1)?.detail).toMatchObject({ reason: 'idle' });
  });

  it('expires an active session at absoluteSeconds + 1 even when it was never idle', async () => {
    const b = await signIn(h, clinician);
    const step = Math.floor(h.db.config.session.idleSeconds / 2);
    let elapsed = 0;
    while (elapsed + step <= h.db.config.session.absoluteSeconds - 1) {
      h.clock.advance(step);
      elapsed += step;
      expect((await h.app.inject({ method: 'GET', url: '/api/me', ...as(b) })).statusCode).toBe(200);
    }
    h.clock.advance(h.db.config.session.absoluteSeconds + 1 - elapsed);
    expect((await h.app.inject({ method: 'GET', url: '/api/me', ...as(b) })).statusCode).toBe(401);
    expect((await auditRows(h, 'auth.session.expired')).at(-1)?.detail).toMatchObject({ reason: 'absolute' });
  });

  it('refuses a state-changing request without the CSRF token (403) and accepts it with one', async () => {
    const b = await signIn(h, clinician);
    const without = await h.app.inject({ method: 'POST', url: '/api/auth/logout', headers: cookieHeader(b.cookie) });
    expect(without.statusCode).toBe(403);
    expect(without.headers['content-type']).toMatch(/problem\+json/);
    const wrong = await h.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { ...cookieHeader(b.cookie), 'x-csrf-token': 'A'.repeat(43) } });
    expect(wrong.statusCode).toBe(403);
    expect((await h.app.inject({ method: 'POST', url: '/api/auth/logout', ...as(b) })).statusCode).toBe(204);
  });

  it('refuses a deactivated staff member at once, even with a live session', async () => {
    const other = await seedStaff(h, { email: 'leaving@clinic.test', roles: [{ role: 'clinician', clinicId }] });
    const b = await signIn(h, other);
    expect((await h.app.inject({ method: 'GET', url: '/api/me', ...as(b) })).statusCode).toBe(200);
    await h.db.dbs.owner.query(`UPDATE staff SET active = false WHERE id = $1`, [other.id]);
    expect((await h.app.inject({ method: 'GET', url: '/api/me', ...as(b) })).statusCode).toBe(401);
    expect((await login(other.email, other.password)).statusCode).toBe(401);
  });

  it('accepts a recovery code once', async () => {
    const fresh = await seedStaff(h, { email: 'recover@clinic.test', roles: [{ role: 'clinician', clinicId }] });
    await h.db.dbs.owner.query(`DELETE FROM staff_totp WHERE staff_id = $1`, [fresh.id]);
    // Enroll through the API to receive real recovery codes.
    h.clock.advance(31);
    const l = await login(fresh.email, fresh.password);
    expect(l.json().next).toBe('enroll');
    const pending = { headers: { ...cookieHeader(sessionCookie(l) as string), 'x-csrf-token': l.json().csrfToken as string } };
    const start = await h.app.inject({ method: 'POST', url: '/api/auth/enroll/start', ...pending });
    expect(start.statusCode).toBe(200);
    const secret = new URL(start.json().otpauthUri).searchParams.get('secret') as string;
    expect(start.json().qrSvgDataUrl).toMatch(/^data:image\/svg\+xml;base64,/);
    const confirm = await h.app.inject({ method: 'POST', url: '/api/auth/enroll/confirm', payload: { code: await totpCodeAt(secret, h.clock.now()) }, ...pending });
    expect(confirm.statusCode).toBe(200);
    const codes = confirm.json().recoveryCodes as string[];
    expect(codes).toHaveLength(10);
    const stored = await h.db.dbs.owner.query<{ code_hash: string }>(`SELECT code_hash FROM staff_recovery_codes WHERE staff_id = $1`, [fresh.id]);
    expect(stored.rows.map((r) => r.code_hash)).not.toContain(codes[0]);

    const useCode = async () => {
      h.clock.advance(31);
      const s = await login(fresh.email, fresh.password);
      return h.app.inject({ method: 'POST', url: '/api/auth/totp', payload: { recoveryCode: codes[0] }, headers: { ...cookieHeader(sessionCookie(s) as string), 'x-csrf-token': s.json().csrfToken } });
    };
    expect((await useCode()).statusCode).toBe(200);
    expect((await useCode()).statusCode).toBe(401);
    expect((await auditRows(h, 'auth.mfa.enrolled')).some((r) => r.actor_id === fresh.id)).toBe(true);
  });
});

describe.each(testDatabases())('lockout on $name', (database) => {
  let h: Harness;
  const threshold = 4;
  beforeAll(async () => {
    h = await startHarness(database, { lockoutThreshold: threshold });
  });
  afterAll(() => h.close());

  const waitOut = async (res: { statusCode: number; headers: Record<string, unknown> }) => {
    if (res.statusCode === 429) h.clock.advance(Number(res.headers['retry-after']) + 1);
  };

  it(`locks after ${threshold} consecutive wrong passwords; the right password is then refused with 423`, async () => {
    const s = await seedStaff(h, { email: 'pw@clinic.test', roles: [{ role: 'auditor', clinicId: null }] });
    const statuses: number[] = [];
    for (let i = 0; i < threshold; i++) {
      const res = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: s.email, password: `wrong password ${i}` } });
      statuses.push(res.statusCode);
      h.clock.advance(61);
    }
    expect(statuses.slice(0, -1).every((c) => c === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(423);
    const right = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: s.email, password: s.password } });
    expect(right.statusCode).toBe(423);
    expect(right.json().detail).toMatch(/locked/);
    expect((await auditRows(h, 'auth.lockout')).some((r) => r.actor_id === s.id)).toBe(true);
  });

  it('makes the account wait between attempts before the lock (429 with Retry-After)', async () => {
    const s = await seedStaff(h, { email: 'delay@clinic.test', roles: [{ role: 'auditor', clinicId: null }] });
    for (let i = 0; i < 3; i++) await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: s.email, password: `nope nope ${i}` } });
    const res = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: s.email, password: s.password } });
    expect(res.statusCode).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    await waitOut(res);
    expect((await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: s.email, password: s.password } })).statusCode).toBe(200);
  });

  it(`locks after ${threshold} consecutive wrong TOTP codes, counted with password failures`, async () => {
    const s = await seedStaff(h, { email: 'totp@clinic.test', roles: [{ role: 'auditor', clinicId: null }] });
    // One wrong password first: failures of both factors add up.
    await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: s.email, password: 'wrong password x' } });
    const l = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: s.email, password: s.password } });
    expect(l.statusCode).toBe(200);
    const pending = { headers: { ...cookieHeader(sessionCookie(l) as string), 'x-csrf-token': l.json().csrfToken as string } };
    const statuses: number[] = [];
    for (let i = 0; i < threshold - 1; i++) {
      const res = await h.app.inject({ method: 'POST', url: '/api/auth/totp', payload: { code: String(100000 + i) }, ...pending });
      statuses.push(res.statusCode);
      await waitOut(res);
      h.clock.advance(5);
    }
    expect(statuses.at(-1)).toBe(423);
    const row = await h.db.dbs.owner.query<{ failed_attempts: number }>(`SELECT failed_attempts FROM staff WHERE id = $1`, [s.id]);
    expect(Number(row.rows[0]?.failed_attempts)).toBe(threshold);
    // The lock ended the pending session, and a fresh login is refused while locked.
    h.clock.advance(31);
    const again = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: s.email, password: s.password } });
    expect(again.statusCode).toBe(423);
  });

  it('lifts the lock after its time', async () => {
    const s = await seedStaff(h, { email: 'lifted@clinic.test', roles: [{ role: 'auditor', clinicId: null }] });
    for (let i = 0; i < threshold; i++) {
      await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: s.email, password: `wrong password ${i}` } });
      h.clock.advance(61);
    }
    h.clock.advance(15 * 60 + 1);
    expect((await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: s.email, password: s.password } })).statusCode).toBe(200);
  });
});
