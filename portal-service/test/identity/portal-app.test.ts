import { randomUUID } from 'node:crypto';
import { FakeClock } from '../../src/clock';
import { sodiumReady } from '../../src/identity/sodium';
import { totpCodeAt } from '../../src/identity/totp';
import { AUTH_RATE_LIMIT } from '../../src/routes/auth';
import { createStaff } from '../../src/routes/staff/create';
import { buildTestApps, type TestApps } from '../helpers/apps';
import { testDatabases } from '../helpers/databases';
import { cookieHeader, sessionCookie } from './harness';

/**
 * The staff API inside the real portal (platform plugins: error handler,
 * helmet, rate limit, logging with redaction, chained audit, KMS, intake keys).
 */
describe.each(testDatabases())('staff API in the portal app on $name', (database) => {
  let apps: TestApps;
  const clock = new FakeClock();
  const clinicId = randomUUID();
  const submissionId = randomUUID();
  const PASSWORD_CANARY = 'canary-pw-7f3e9 quiet meadow lantern';
  const ANSWER_CANARY = 'CANARY-ANSWER-5c1d2 persistent cough';

  beforeAll(async () => {
    apps = await buildTestApps({ database, clock });
    const owner = apps.dbs.owner;
    await owner.query(`INSERT INTO clinics (id, code, name) VALUES ($1, 'north', 'North')`, [clinicId]);
    await owner.query(`INSERT INTO forms (slug, clinic_id, title, definition) VALUES ('intake', $1, 'Intake', $2::jsonb)`, [
      clinicId,
      JSON.stringify([{ key: 'name', label: 'Name', sensitivity: 'contact' }, { key: 'symptoms', label: 'Symptoms' }]),
    ]);
    const sodium = await sodiumReady();
    const key = await apps.staff.keys.current();
    const ct = sodium.crypto_box_seal(JSON.stringify({ form: 'intake', formVersion: '1', answers: { name: 'Pat', symptoms: ANSWER_CANARY }, submittedAt: '2031-03-01T08:00:00Z' }), key.publicKey);
    await owner.query(
      `INSERT INTO submissions (id, form_slug, clinic_id, kid, ciphertext, digest, received_at, received_by, receipt, retention_until)
       VALUES ($1, 'intake', $2, $3, $4, 'sha-256=:x:', now(), 'cms-test-1', '{}', now() + interval '1 year')`,
      [submissionId, clinicId, key.kid, Buffer.from(ct)],
    );
  });
  afterAll(() => apps.close());

  it('enrolls by link, signs in with password and TOTP, reads a submission — and no password, code or answer reaches the logs or the audit log', async () => {
    const staff = apps.staff;
    const invite = await apps.dbs.app.transaction((tx) =>
      createStaff(tx, { email: 'new.doc@clinic.test', name: 'New Doc', roles: [{ role: 'clinician', clinic: 'north' }] }, { now: clock.now(), publicUrl: apps.config.publicUrl }),
    );
    expect(invite.link).toMatch(/\/enroll#token=[A-Za-z0-9_-]{43}$/);
    const token = invite.link.split('#token=')[1] as string;

    const weak = await staff.inject({ method: 'POST', url: '/api/auth/enrollment', payload: { token, password: 'password1' } });
    expect(weak.statusCode).toBe(400);
    expect(weak.headers['content-type']).toMatch(/problem\+json/);
    expect(weak.json().detail).toMatch(/commonly used or breached/);

    const enrolled = await staff.inject({ method: 'POST', url: '/api/auth/enrollment', payload: { token, password: PASSWORD_CANARY } });
    expect(enrolled.statusCode).toBe(200);
    const setCookie = String(enrolled.headers['set-cookie']);
    expect(setCookie.split('; ').slice(1).map((a) => a.toLowerCase()).sort()).toEqual(['httponly', 'path=/', 'samesite=strict', 'secure']);
    expect((await staff.inject({ method: 'POST', url: '/api/auth/enrollment', payload: { token, password: PASSWORD_CANARY } })).statusCode).toBe(401);

    const pending = { ...cookieHeader(sessionCookie(enrolled) as string), 'x-csrf-token': enrolled.json().csrfToken as string };
    const start = await staff.inject({ method: 'POST', url: '/api/auth/enroll/start', headers: pending });
    expect(start.statusCode).toBe(200);
    const secret = new URL(start.json().otpauthUri).searchParams.get('secret') as string;
    const stored = await apps.dbs.owner.query<{ secret_wrapped: Uint8Array }>(`SELECT secret_wrapped FROM staff_totp WHERE staff_id = $1`, [invite.id]);
    expect(Buffer.from(stored.rows[0]?.secret_wrapped ?? []).toString('utf8')).not.toContain(secret);
    const codes: string[] = [];
    const enrollCode = await totpCodeAt(secret, clock.now());
    codes.push(enrollCode);
    const confirmed = await staff.inject({ method: 'POST', url: '/api/auth/enroll/confirm', payload: { code: enrollCode }, headers: pending });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json().recoveryCodes).toHaveLength(10);

    clock.advance(31);
    const login = await staff.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'new.doc@clinic.test', password: PASSWORD_CANARY } });
    expect(login.statusCode).toBe(200);
    expect(login.json().next).toBe('totp');
    const code = await totpCodeAt(secret, clock.now());
    codes.push(code);
    const mfa = await staff.inject({
      method: 'POST',
      url: '/api/auth/totp',
      payload: { code },
      headers: { ...cookieHeader(sessionCookie(login) as string), 'x-csrf-token': login.json().csrfToken as string },
    });
    expect(mfa.statusCode).toBe(200);
    const session = { ...cookieHeader(sessionCookie(mfa) as string), 'x-csrf-token': mfa.json().csrfToken as string };

    const view = await staff.inject({ method: 'GET', url: `/api/submissions/${submissionId}`, headers: session });
    expect(view.statusCode).toBe(200);
    expect(view.json().fields).toEqual([
      { key: 'name', label: 'Name', value: 'Pat' },
      { key: 'symptoms', label: 'Symptoms', value: ANSWER_CANARY },
    ]);

    const noCsrf = await staff.inject({ method: 'PATCH', url: `/api/submissions/${submissionId}`, payload: { status: 'done' }, headers: cookieHeader(sessionCookie(mfa) as string) });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.headers['content-type']).toMatch(/problem\+json/);

    const logs = apps.logs.join('\n');
    expect(logs.length).toBeGreaterThan(0);
    expect(logs).toContain(`/api/submissions/${submissionId}`);
    const audit = JSON.stringify((await apps.dbs.owner.query(`SELECT * FROM audit_events`)).rows);
    for (const haystack of [logs, audit]) {
      expect(haystack).not.toContain(PASSWORD_CANARY);
      expect(haystack).not.toContain(ANSWER_CANARY);
      expect(haystack).not.toContain(token);
      expect(haystack).not.toContain(secret);
      expect(haystack).not.toContain(sessionCookie(mfa) as string);
      for (const c of codes) expect(haystack).not.toContain(`"${c}"`);
    }
    const events = (await apps.dbs.owner.query<{ event: string }>(`SELECT event FROM audit_events ORDER BY id`)).rows.map((r) => r.event);
    expect(events).toEqual(expect.arrayContaining(['auth.password.changed', 'auth.mfa.enrolled', 'auth.login.success', 'auth.mfa.success', 'submission.read', 'access.denied']));
  });

  it('documents every staff route in the OpenAPI document, with its response schema', async () => {
    const res = await apps.staff.inject({ method: 'GET', url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    const paths = res.json().paths as Record<string, Record<string, { responses?: object }>>;
    for (const p of ['/api/auth/login', '/api/auth/totp', '/api/me/', '/api/submissions/', '/api/submissions/{id}', '/api/admin/staff/', '/api/audit/']) {
      expect(Object.keys(paths)).toContain(p);
    }
    expect(paths['/api/submissions/{id}']?.get?.responses).toHaveProperty('200');
  });

  it('limits sign-in attempts per client address (problem+json 429)', async () => {
    let last = 0;
    let lastType = '';
    for (let i = 0; i <= AUTH_RATE_LIMIT.max; i++) {
      const res = await apps.staff.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '203.0.113.9', payload: { email: `spray${i}@clinic.test`, password: 'spraying passwords' } });
      last = res.statusCode;
      lastType = String(res.headers['content-type']);
      if (i < AUTH_RATE_LIMIT.max) expect(res.statusCode).toBe(401);
    }
    expect(last).toBe(429);
    expect(lastType).toMatch(/problem\+json/);
  });

  it('keeps platform routes outside the gate and staff routes behind it', async () => {
    expect((await apps.staff.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await apps.staff.inject({ method: 'GET', url: '/api/me' })).statusCode).toBe(401);
  });
});
