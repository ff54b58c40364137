/**
 * The real portal (buildTestApps) with two clinics, the intake form in each,
 * sealed submissions under the portal's own intake key, and signed-in staff of
 * every role, for the FHIR and EHR-client tests.
 */
import { randomUUID } from 'node:crypto';
import type { SealedPayload } from '../../src/access/submission-repository';
import type { AnswerValue } from '../../src/access/masking';
import { FakeClock } from '../../src/clock';
import { INTAKE_ANSWERS, INTAKE_DEFINITION } from '../../src/fhir/fhir.fixtures';
import { PasswordHasher } from '../../src/identity/password';
import { sodiumReady } from '../../src/identity/sodium';
import { newTotpSecret, totpCodeAt } from '../../src/identity/totp';
import { buildTestApps, type TestApps } from '../helpers/apps';
import type { TestDatabase } from '../helpers/databases';
import { seedClinic, seedForm, type SealedStore } from './seed';

export const FORM_A = 'new-patient-intake';
export const FORM_B = 'south-intake';
const PASSWORD = 'harbour violet lantern 42';

export interface Session {
  staffId: string;
  headers: { cookie: string; 'x-csrf-token': string };
}

export interface World {
  apps: TestApps;
  clock: FakeClock;
  clinicA: string;
  clinicB: string;
  submissionA: string;
  submissionB: string;
  store: SealedStore;
  staff: Record<'clinician' | 'frontDesk' | 'auditor' | 'admin' | 'clinicianB', Session>;
  addSubmission(opts: { form?: string; clinicId?: string; answers?: Record<string, AnswerValue>; receivedAt?: Date; submittedAt?: Date }): Promise<string>;
  close(): Promise<void>;
}

function sessionCookie(res: { headers: Record<string, unknown> }): string {
  const raw = res.headers['set-cookie'];
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw.map(String) : [String(raw)];
  for (const c of list) {
    const m = /^__Host-palisade_session=([^;]*)/.exec(c);
    if (m?.[1]) return m[1];
  }
  throw new Error('no session cookie');
}

async function signedIn(apps: TestApps, clock: FakeClock, hash: string, email: string, roles: { role: string; clinicId: string | null }[]): Promise<Session> {
  const id = randomUUID();
  const secret = newTotpSecret();
  const wrapped = await apps.staff.identity.deps.secrets.wrap(Buffer.from(secret, 'utf8'), `staff-totp:${id}`);
  await apps.dbs.owner.transaction(async (tx) => {
    await tx.query(`INSERT INTO staff (id, email, display_name, password_hash) VALUES ($1, $2, $3, $4)`, [id, email, email, hash]);
    for (const r of roles) await tx.query(`INSERT INTO staff_roles (staff_id, role, clinic_id) VALUES ($1, $2, $3)`, [id, r.role, r.clinicId]);
    await tx.query(`INSERT INTO staff_totp (staff_id, secret_wrapped, confirmed_at, last_used_step) VALUES ($1, $2, now(), 0)`, [id, Buffer.from(wrapped)]);
  });
  clock.advance(31);
  const login = await apps.staff.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: PASSWORD } });
  if (login.statusCode !== 200) throw new Error(`login failed: ${login.statusCode}`);
  const code = await totpCodeAt(secret, clock.now());
  const totp = await apps.staff.inject({
    method: 'POST',
    url: '/api/auth/totp',
    payload: { code },
    headers: { cookie: `__Host-palisade_session=${sessionCookie(login)}`, 'x-csrf-token': login.json<{ csrfToken: string }>().csrfToken },
  });
  if (totp.statusCode !== 200) throw new Error(`totp failed: ${totp.statusCode}`);
  return { staffId: id, headers: { cookie: `__Host-palisade_session=${sessionCookie(totp)}`, 'x-csrf-token': totp.json<{ csrfToken: string }>().csrfToken } };
}

export async function buildWorld(database: TestDatabase): Promise<World> {
  const clock = new FakeClock('2031-03-01T09:00:00Z');
  const apps = await buildTestApps({ database, clock });
  try {
    const sodium = await sodiumReady();
    const key = await apps.staff.keys.current();
    const store: SealedStore = {
      keys: apps.staff.keys,
      seal: async (payload: SealedPayload) => Buffer.from(sodium.crypto_box_seal(JSON.stringify(payload), key.publicKey)),
    };
    const owner = apps.dbs.owner;
    const clinicA = await seedClinic(owner, 'north');
    const clinicB = await seedClinic(owner, 'south');
    await seedForm(owner, { slug: FORM_A, clinicId: clinicA, title: 'New patient intake', definition: INTAKE_DEFINITION });
    await seedForm(owner, { slug: FORM_B, clinicId: clinicB, title: 'South intake', definition: INTAKE_DEFINITION });
    const addSubmission: World['addSubmission'] = async (opts) => {
      const receivedAt = opts.receivedAt ?? new Date('2031-02-20T10:00:00Z');
      const form = opts.form ?? FORM_A;
      const id = randomUUID();
      const ct = await store.seal({ form, formVersion: '3', answers: opts.answers ?? INTAKE_ANSWERS, submittedAt: (opts.submittedAt ?? receivedAt).toISOString() });
      await owner.query(
        `INSERT INTO submissions (id, form_slug, clinic_id, kid, ciphertext, digest, received_at, received_by, receipt, retention_until)
         VALUES ($1, $2, $3, $4, $5, 'sha-256=:x:', $6, 'cms-test-1', '{}', $6::timestamptz + interval '1 year')`,
        [id, form, opts.clinicId ?? (form === FORM_A ? clinicA : clinicB), key.kid, ct, receivedAt],
      );
      return id;
    };
    const submissionA = await addSubmission({});
    const submissionB = await addSubmission({ form: FORM_B });
    const hash = await new PasswordHasher().hash(PASSWORD);
    const staff: World['staff'] = {
      clinician: await signedIn(apps, clock, hash, 'doc@north.test', [{ role: 'clinician', clinicId: clinicA }]),
      frontDesk: await signedIn(apps, clock, hash, 'desk@north.test', [{ role: 'front-desk', clinicId: clinicA }]),
      auditor: await signedIn(apps, clock, hash, 'audit@palisade.test', [{ role: 'auditor', clinicId: null }]),
      admin: await signedIn(apps, clock, hash, 'admin@palisade.test', [{ role: 'admin', clinicId: null }]),
      clinicianB: await signedIn(apps, clock, hash, 'doc@south.test', [{ role: 'clinician', clinicId: clinicB }]),
    };
    return { apps, clock, clinicA, clinicB, submissionA, submissionB, store, staff, addSubmission, close: () => apps.close() };
  } catch (err) {
    await apps.close();
    throw err;
  }
}
