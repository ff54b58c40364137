import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FakeClock } from '../../src/clock';
import { developmentFirstRun, type DevAccountFile } from '../../src/dev/first-run';
import { sodiumReady } from '../../src/identity/sodium';
import { totpCodeAt } from '../../src/identity/totp';
import { buildTestApps, type TestApps } from '../helpers/apps';
import { testDatabases } from '../helpers/databases';

type Account = DevAccountFile['accounts'][number];
interface Signed {
  cookie: string;
  csrf: string;
}

const COOKIE = '__Host-palisade_session';

/**
 * The UI's support API inside the real portal app, on the development first
 * run's demo world: names cut to what each role may see, inbox counters, and
 * "my account" (sessions, password, recovery codes) behind the same gate,
 * CSRF rule and failure counter as sign-in.
 */
describe.each(testDatabases())('UI support API on $name', (database) => {
  let apps: TestApps;
  let home: string;
  let accounts: Map<string, Account>;
  const clock = new FakeClock();
  const submissionId = randomUUID();

  const cookieOf = (res: { cookies: { name: string; value: string }[] }) => res.cookies.find((c) => c.name === COOKIE)?.value ?? '';
  const as = (s: Signed, csrf = true) => ({ cookie: `${COOKIE}=${s.cookie}`, ...(csrf ? { 'x-csrf-token': s.csrf } : {}) });
  const acct = (handle: string): Account => {
    const a = accounts.get(handle);
    if (!a) throw new Error(handle);
    return a;
  };

  async function signIn(a: Account, password = a.password): Promise<Signed> {
    clock.advance(31);
    const login = await apps.staff.inject({ method: 'POST', url: '/api/auth/login', payload: { email: a.email, password } });
    expect(login.statusCode).toBe(200);
    const pending: Signed = { cookie: cookieOf(login), csrf: login.json().csrfToken };
    const totp = await apps.staff.inject({ method: 'POST', url: '/api/auth/totp', payload: { code: await totpCodeAt(a.totpSecret, clock.now()) }, headers: as(pending) });
    expect(totp.statusCode).toBe(200);
    return { cookie: cookieOf(totp), csrf: totp.json().csrfToken };
  }

  const get = (url: string, s?: Signed) => apps.staff.inject({ method: 'GET', url, headers: s ? as(s, false) : {} });

  beforeAll(async () => {
    apps = await buildTestApps({ database, clock });
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-ui-support-'));
    const d = apps.staff.identity.deps;
    await developmentFirstRun({ db: d.db, hasher: d.hasher, secrets: d.secrets, audit: d.audit, clock: d.clock, publicUrl: d.publicUrl, home, log: { info: () => undefined } });
    const file = JSON.parse(fs.readFileSync(path.join(home, 'dev-staff.json'), 'utf8')) as DevAccountFile;
    accounts = new Map(file.accounts.map((a) => [a.handle, a]));
    const sodium = await sodiumReady();
    const key = await apps.staff.keys.current();
    const ct = sodium.crypto_box_seal(JSON.stringify({ form: 'new-patient-intake', formVersion: '1', answers: { fullName: 'Pat Doe', email: 'pat@example.org' }, submittedAt: '2031-03-01T08:00:00Z' }), key.publicKey);
    await apps.dbs.owner.query(
      `INSERT INTO submissions (id, form_slug, clinic_id, kid, ciphertext, digest, received_at, received_by, receipt, retention_until)
       SELECT $1, 'new-patient-intake', f.clinic_id, $2, $3, 'sha-256=:x:', now(), 'cms-test-1', '{}', now() + interval '1 year' FROM forms f WHERE f.slug = 'new-patient-intake'`,
      [submissionId, key.kid, Buffer.from(ct)],
    );
  });
  afterAll(async () => {
    await apps.close();
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('refuses every support route without a session', async () => {
    for (const url of ['/api/ui/directory', '/api/ui/inbox-summary', '/api/ui/account/sessions']) {
      const res = await get(url);
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
    }
  });

  it('gives each person the names of their own clinics, forms and colleagues only', async () => {
    const riverside = (await get('/api/ui/directory', await signIn(acct('clinician@riverside')))).json();
    expect(riverside.clinics.map((c: { code: string }) => c.code)).toEqual(['riverside']);
    expect(riverside.forms).toEqual([expect.objectContaining({ slug: 'new-patient-intake', title: 'New patient intake' })]);
    expect(riverside.staff.map((s: { name: string }) => s.name).sort()).toEqual([acct('clinician@riverside').name, acct('frontdesk@riverside').name].sort());

    const hillcrest = (await get('/api/ui/directory', await signIn(acct('clinician@hillcrest')))).json();
    expect(hillcrest.clinics.map((c: { code: string }) => c.code)).toEqual(['hillcrest']);
    expect(hillcrest.forms).toEqual([]);
    expect(hillcrest.staff.map((s: { name: string }) => s.name)).toEqual([acct('clinician@hillcrest').name]);

    // The auditor reads actors' names in the audit log: every clinic and person, but no form.
    const auditor = (await get('/api/ui/directory', await signIn(acct('auditor')))).json();
    expect(auditor.clinics).toHaveLength(2);
    expect(auditor.staff).toHaveLength(5);
    expect(auditor.forms).toEqual([]);
  });

  it('counts new and unread submissions per clinic, and a read clears "unread" for that reader only', async () => {
    const clinician = await signIn(acct('clinician@riverside'));
    const frontDesk = await signIn(acct('frontdesk@riverside'));
    const before = (await get('/api/ui/inbox-summary', clinician)).json();
    expect(before.clinics).toEqual([expect.objectContaining({ newCount: 1, unreadCount: 1 })]);
    expect((await get(`/api/submissions/${submissionId}`, clinician)).statusCode).toBe(200);
    expect((await get('/api/ui/inbox-summary', clinician)).json().clinics[0]).toMatchObject({ newCount: 1, unreadCount: 0 });
    expect((await get('/api/ui/inbox-summary', frontDesk)).json().clinics[0]).toMatchObject({ newCount: 1, unreadCount: 1 });

    const hillcrest = (await get('/api/ui/inbox-summary', await signIn(acct('clinician@hillcrest')))).json();
    expect(hillcrest.clinics).toEqual([expect.objectContaining({ newCount: 0, unreadCount: 0 })]);
    expect((await get('/api/ui/inbox-summary', await signIn(acct('auditor')))).statusCode).toBe(403);

    const audited = await apps.dbs.owner.query<{ n: unknown }>(`SELECT count(*) AS n FROM audit_events WHERE event = 'submission.list' AND detail->>'view' = 'counts'`);
    expect(Number(audited.rows[0]?.n)).toBeGreaterThanOrEqual(4);
  });

  it('lists my live sessions and ends another one; never the current one, never someone else\'s, never without the CSRF token', async () => {
    const a = acct('clinician@hillcrest');
    const phone = await signIn(a);
    const desk = await signIn(a);
    const list = (await get('/api/ui/account/sessions', desk)).json().items as { id: string; current: boolean }[];
    const current = list.find((s) => s.current);
    const other = list.find((s) => !s.current);
    expect(current && other).toBeTruthy();
    const otherPerson = (await get('/api/ui/account/sessions', await signIn(acct('auditor')))).json().items[0].id as string;

    expect((await apps.staff.inject({ method: 'DELETE', url: `/api/ui/account/sessions/${other?.id}`, headers: as(desk, false) })).statusCode).toBe(403);
    expect((await apps.staff.inject({ method: 'DELETE', url: `/api/ui/account/sessions/${current?.id}`, headers: as(desk) })).statusCode).toBe(409);
    expect((await apps.staff.inject({ method: 'DELETE', url: `/api/ui/account/sessions/${otherPerson}`, headers: as(desk) })).statusCode).toBe(404);
    expect((await get('/api/me', phone)).statusCode).toBe(200);
    expect((await apps.staff.inject({ method: 'DELETE', url: `/api/ui/account/sessions/${other?.id}`, headers: as(desk) })).statusCode).toBe(204);
    expect((await get('/api/me', phone)).statusCode).toBe(401);
    expect((await get('/api/me', desk)).statusCode).toBe(200);
  });

  it('changes my password only with the current one, applies the policy, and signs out my other sessions', async () => {
    const a = acct('frontdesk@riverside');
    const other = await signIn(a);
    const me = await signIn(a);
    const change = (currentPassword: string, newPassword: string) => apps.staff.inject({ method: 'POST', url: '/api/ui/account/password', payload: { currentPassword, newPassword }, headers: as(me) });

    const wrong = await change('not my password', 'harbour lantern violet dawn');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().detail).toBe('Your current password is not correct.');
    const failures = await apps.dbs.owner.query<{ failed_attempts: unknown }>(`SELECT failed_attempts FROM staff WHERE email = $1`, [a.email]);
    expect(Number(failures.rows[0]?.failed_attempts)).toBe(1);
    expect((await change(a.password, 'password1')).statusCode).toBe(400);

    expect((await change(a.password, 'harbour lantern violet dawn')).statusCode).toBe(204);
    expect((await get('/api/me', other)).statusCode).toBe(401);
    expect((await get('/api/me', me)).statusCode).toBe(200);
    const login = await apps.staff.inject({ method: 'POST', url: '/api/auth/login', payload: { email: a.email, password: a.password } });
    expect(login.statusCode).toBe(401);
    await signIn(a, 'harbour lantern violet dawn');
  });

  it('replaces my recovery codes when I confirm with a current code; the old ones stop working', async () => {
    const a = acct('auditor');
    const me = await signIn(a);
    const wrong = await apps.staff.inject({ method: 'POST', url: '/api/ui/account/recovery-codes', payload: { code: '000000' }, headers: as(me) });
    expect(wrong.statusCode).toBe(401);
    clock.advance(31);
    const ok = await apps.staff.inject({ method: 'POST', url: '/api/ui/account/recovery-codes', payload: { code: await totpCodeAt(a.totpSecret, clock.now()) }, headers: as(me) });
    expect(ok.statusCode).toBe(200);
    const fresh = ok.json().recoveryCodes as string[];
    expect(fresh).toHaveLength(10);
    expect(fresh).not.toContain(a.recoveryCodes[0]);

    const useRecovery = async (recoveryCode: string) => {
      const login = await apps.staff.inject({ method: 'POST', url: '/api/auth/login', payload: { email: a.email, password: a.password } });
      const pending: Signed = { cookie: cookieOf(login), csrf: login.json().csrfToken };
      return apps.staff.inject({ method: 'POST', url: '/api/auth/totp', payload: { recoveryCode }, headers: as(pending) });
    };
    expect((await useRecovery(a.recoveryCodes[0] as string)).statusCode).toBe(401);
    expect((await useRecovery(fresh[0] as string)).statusCode).toBe(200);
  });
});
