/**
 * Boots the staff API for identity and access tests: the app plugin and the
 * staff routes on a fresh migrated database (PGlite, or PostgreSQL when
 * PORTAL_TEST_DATABASE_URL is set), with a fake clock, a captured log, a
 * throw-away sealing key and a hash-chained audit sink.
 */
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { auditAppender } from '../../src/audit/sink';
import { AuditChainer } from '../../src/audit/chainer';
import '../../src/audit/chainer-setup';
import type { SealedOpener, SealedPayload } from '../../src/access/submission-repository';
import type { AccessRules } from '../../src/access/rules';
import type { Db } from '../../src/db/types';
import type { SecretBox } from '../../src/identity/deps';
import { ARGON2_FLOOR, PasswordHasher } from '../../src/identity/password';
import { sodiumReady } from '../../src/identity/sodium';
import { totpCodeAt, newTotpSecret } from '../../src/identity/totp';
import appPlugins from '../../src/plugins/app';
import staffApi from '../../src/routes/staff-api';
import type { OpenedTestDatabase, TestDatabase } from '../helpers/databases';

export class FakeClock {
  constructor(private t = new Date('2031-03-01T09:00:00Z').getTime()) {}
  now(): Date {
    return new Date(this.t);
  }
  advance(seconds: number): void {
    this.t += seconds * 1000;
  }
}

export interface Harness {
  app: FastifyInstance;
  db: OpenedTestDatabase;
  clock: FakeClock;
  logs: string[];
  seal(payload: SealedPayload): Promise<Buffer>;
  close(): Promise<void>;
}

async function testSecretBox(): Promise<SecretBox> {
  const sodium = await sodiumReady();
  const key = sodium.crypto_secretbox_keygen();
  return {
    async wrap(plaintext, context) {
      const nonce = sodium.randombytes_buf(sodium.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
      const ct = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, context, null, nonce, key);
      return Buffer.concat([nonce, ct]);
    },
    async unwrap(wrapped, context) {
      const n = sodium.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
      return sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, wrapped.subarray(n), context, wrapped.subarray(0, n), key);
    },
  };
}

export async function startHarness(database: TestDatabase, opts: { rules?: AccessRules; lockoutThreshold?: number } = {}): Promise<Harness> {
  const db = await database.open();
  const clock = new FakeClock();
  const logs: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  const sodium = await sodiumReady();
  const box = sodium.crypto_box_keypair();
  const keys: SealedOpener = {
    async openSealed(_kid, ct) {
      const plain = sodium.crypto_box_seal_open(ct, box.publicKey, box.privateKey);
      return JSON.parse(Buffer.from(plain).toString('utf8')) as SealedPayload;
    },
  };

  const app = Fastify({ logger: { level: 'info', stream }, genReqId: () => randomUUID() });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Stand-in for the platform's problem+json handler: 4xx show their message, 5xx never do.
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const status = err.statusCode && err.statusCode >= 400 ? err.statusCode : 500;
    if (status >= 500) request.log.error({ err }, 'request failed');
    void reply
      .code(status)
      .type('application/problem+json')
      .send({ type: 'about:blank', title: status >= 500 ? 'Internal error' : err.message, status, ...(status >= 500 ? { requestId: request.id } : { detail: err.message }) });
  });
  await app.register(appPlugins, {
    identity: {
      db: db.dbs.app,
      clock,
      secrets: await testSecretBox(),
      keys,
      // The platform's own chained writer, so the chain these tests build verifies.
      audit: auditAppender('portal-staff', clock),
      session: db.config.session,
      lockoutThreshold: opts.lockoutThreshold ?? db.config.lockoutThreshold,
      publicUrl: db.config.publicUrl,
      cookieSecure: true,
      rules: opts.rules,
      // The floor itself (t=2, m=19 MiB) keeps these many sign-ins quick; the default cost is tested in password.test.ts and portal-app.test.ts.
      passwordCost: ARGON2_FLOOR_COST,
    },
  });
  // The platform's audit chainer (no checkpoints): the audit routes flush it before reading.
  app.decorate('auditChain', new AuditChainer(db.dbs.owner, { clock }));
  await app.register(staffApi);
  await app.ready();
  return {
    app,
    db,
    clock,
    logs,
    seal: async (payload) => Buffer.from(sodium.crypto_box_seal(JSON.stringify(payload), box.publicKey)),
    async close() {
      await app.close();
      await db.cleanup();
    },
  };
}

export interface SeededStaff {
  id: string;
  email: string;
  password: string;
  totpSecret: string;
}

export const PASSWORD = 'violet harbour lantern 42';
const ARGON2_FLOOR_COST = { opsLimit: ARGON2_FLOOR.opsLimit, memLimitBytes: ARGON2_FLOOR.memLimitBytes };
const hasher = new PasswordHasher(ARGON2_FLOOR_COST);
let cachedHash: Promise<string> | undefined;

/** A fully enrolled staff member (password + confirmed TOTP), written as the owner. */
export async function seedStaff(h: Harness, opts: { email: string; roles: { role: string; clinicId: string | null }[]; active?: boolean }): Promise<SeededStaff> {
  cachedHash ??= hasher.hash(PASSWORD);
  const id = randomUUID();
  const totpSecret = newTotpSecret();
  const wrapped = await h.app.identity.deps.secrets.wrap(Buffer.from(totpSecret, 'utf8'), `staff-totp:${id}`);
  await h.db.dbs.owner.transaction(async (tx) => {
    await tx.query(`INSERT INTO staff (id, email, display_name, password_hash, active) VALUES ($1, $2, $3, $4, $5)`, [id, opts.email, opts.email.split('@')[0], await cachedHash, opts.active ?? true]);
    for (const r of opts.roles) await tx.query(`INSERT INTO staff_roles (staff_id, role, clinic_id) VALUES ($1, $2, $3)`, [id, r.role, r.clinicId]);
    await tx.query(`INSERT INTO staff_totp (staff_id, secret_wrapped, confirmed_at, last_used_step) VALUES ($1, $2, now(), 0)`, [id, Buffer.from(wrapped)]);
  });
  return { id, email: opts.email, password: PASSWORD, totpSecret };
}

/** The session token a response set (parsed by hand: light-my-request's cookie helpers load an ESM-only package jest cannot). */
export function sessionCookie(res: { headers: Record<string, unknown> }): string | undefined {
  const raw = res.headers['set-cookie'];
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw.map(String) : [String(raw)];
  for (const c of list) {
    const m = /^__Host-palisade_session=([^;]*)/.exec(c);
    if (m) return m[1];
  }
  return undefined;
}

export function cookieHeader(token: string): { cookie: string } {
  return { cookie: `__Host-palisade_session=${token}` };
}

export interface Browser {
  cookie: string;
  csrf: string;
}

/** Password + TOTP through the API; moves the clock to a fresh TOTP step first. */
export async function signIn(h: Harness, staff: SeededStaff): Promise<Browser> {
  h.clock.advance(31);
  const login = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: staff.email, password: staff.password } });
  if (login.statusCode !== 200) throw new Error(`login failed: ${login.statusCode} ${login.body}`);
  const pending = { cookie: sessionCookie(login) as string, csrf: login.json<{ csrfToken: string }>().csrfToken };
  const code = await totpCodeAt(staff.totpSecret, h.clock.now());
  const totp = await h.app.inject({ method: 'POST', url: '/api/auth/totp', payload: { code }, headers: { ...cookieHeader(pending.cookie), 'x-csrf-token': pending.csrf } });
  if (totp.statusCode !== 200) throw new Error(`totp failed: ${totp.statusCode} ${totp.body}`);
  return { cookie: sessionCookie(totp) as string, csrf: totp.json<{ csrfToken: string }>().csrfToken };
}

export function as(b: Browser): { headers: Record<string, string> } {
  return { headers: { ...cookieHeader(b.cookie), 'x-csrf-token': b.csrf } };
}

export interface World {
  clinicA: string;
  clinicB: string;
  submissionA: string;
  submissionB: string;
}

export const FORM_DEFINITION = [
  { key: 'name', label: 'Full name', sensitivity: 'contact' },
  { key: 'phone', label: 'Phone', sensitivity: 'contact' },
  { key: 'symptoms', label: 'Symptoms', sensitivity: 'clinical' },
];

/** Two clinics, a form each, and one sealed submission each (answers can carry a canary). */
export async function seedWorld(h: Harness, answersA: Record<string, string> = { name: 'Ada Lovelace', phone: '555-0100', symptoms: 'migraine' }): Promise<World> {
  const w: World = { clinicA: randomUUID(), clinicB: randomUUID(), submissionA: randomUUID(), submissionB: randomUUID() };
  const owner: Db = h.db.dbs.owner;
  await owner.transaction(async (tx) => {
    await tx.query(`INSERT INTO clinics (id, code, name) VALUES ($1, 'north', 'North'), ($2, 'south', 'South')`, [w.clinicA, w.clinicB]);
    await tx.query(`INSERT INTO forms (slug, clinic_id, title, definition) VALUES ('intake-a', $1, 'Intake A', $3::jsonb), ('intake-b', $2, 'Intake B', $3::jsonb)`, [w.clinicA, w.clinicB, JSON.stringify(FORM_DEFINITION)]);
    await tx.query(`INSERT INTO keys (kid, purpose, public_key, private_wrapped, current) VALUES ('k1', 'intake', '\\x00', '\\x00', true)`);
  });
  await addSubmission(h, { id: w.submissionA, form: 'intake-a', clinicId: w.clinicA, answers: answersA });
  await addSubmission(h, { id: w.submissionB, form: 'intake-b', clinicId: w.clinicB, answers: { name: 'Bea', phone: '555-0199', symptoms: 'cough' } });
  return w;
}

export async function addSubmission(h: Harness, s: { id?: string; form: string; clinicId: string; answers: Record<string, string>; receivedAt?: Date }): Promise<string> {
  const id = s.id ?? randomUUID();
  const ct = await h.seal({ form: s.form, formVersion: '1', answers: s.answers, submittedAt: '2031-03-01T08:00:00Z' });
  await h.db.dbs.owner.query(
    `INSERT INTO submissions (id, form_slug, clinic_id, kid, ciphertext, digest, received_at, received_by, receipt, retention_until)
     VALUES ($1, $2, $3, 'k1', $4, 'sha-256=:x:', $5, 'cms-test-1', '{}', now() + interval '1 year')`,
    [id, s.form, s.clinicId, ct, s.receivedAt ?? new Date()],
  );
  return id;
}

export async function auditRows(h: Harness, event?: string): Promise<Record<string, unknown>[]> {
  const res = await h.db.dbs.owner.query<Record<string, unknown>>(
    `SELECT seq, event, outcome, actor_type, actor_id, action, resource_type, resource_id, clinic_id, ip, request_id, service, detail FROM audit_events ${event ? 'WHERE event = $1' : ''} ORDER BY id`,
    event ? [event] : [],
  );
  return res.rows;
}
