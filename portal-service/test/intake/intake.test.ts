import crypto from 'node:crypto';
import sodium = require('libsodium-wrappers-sumo');
import {
  decodeBase64url,
  ed25519PublicKeyFromRaw,
  encodeBase64url,
  envelopeDigest,
  sealPayload,
  verifyKeySet,
  verifyReceipt,
  keySetFingerprint,
  type EnvelopeV1,
  type KeySetDocument,
} from '@palisade/protocol';
import { FakeClock } from '../../src/clock';
import { buildTestApps, type TestApps } from '../helpers/apps';
import { generateCmsKey, testDatabases } from '../helpers/databases';
import { INTAKE_URL, payloadFor, sealedEnvelope, seedClinicAndForm, signedIntake } from '../helpers/intake';
import { craftSigned } from './craft';

const CANARY = 'CANARY-answer-7f3a9c';

describe.each(testDatabases())('POST /internal/intake on $name', (database) => {
  let t: TestApps;
  let clock: FakeClock;
  let keySet: KeySetDocument;
  let form: { clinicId: string; slug: string };

  beforeAll(async () => {
    clock = new FakeClock();
    t = await buildTestApps({ clock, database });
    form = await seedClinicAndForm(t.dbs.owner);
    keySet = (await t.staff.inject({ method: 'GET', url: '/intake/keys' })).json();
  });
  afterAll(async () => t?.close());

  const post = (headers: Record<string, string>, payload: Buffer | string) =>
    t.intake.inject({ method: 'POST', url: '/internal/intake', headers, payload });

  async function send(envelope: EnvelopeV1 | Record<string, unknown>, opts: Parameters<typeof signedIntake>[2] = {}) {
    const signed = signedIntake(t.cms, JSON.stringify(envelope), { clock, ...opts });
    return post(signed.headers, signed.payload);
  }

  async function auditRows(event: string) {
    const { rows } = await t.dbs.owner.query<{ actor_id: string | null; actor_type: string; detail: Record<string, unknown>; service: string; resource_id: string | null }>(
      `SELECT actor_id, actor_type, detail, service, resource_id FROM audit_events WHERE event = $1 ORDER BY id`,
      [event],
    );
    return rows;
  }

  async function lastRejection() {
    return (await auditRows('intake.rejected')).at(-1);
  }

  function expectProblem(res: { statusCode: number; headers: Record<string, unknown>; body: string }, status: number, reason?: string) {
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = JSON.parse(res.body) as Record<string, unknown>;
    expect(body.status).toBe(status);
    if (reason) expect(body.reason).toBe(reason);
    expect(res.body).not.toMatch(/\bat .+\.(ts|js):\d+/);
    return body;
  }

  it('stores the ciphertext as received and answers a receipt the CMS can verify with the pinned key', async () => {
    await sodium.ready;
    const pin = keySetFingerprint(keySet.signingKey);
    const verified = await verifyKeySet(sodium, keySet, pin, { now: clock.now() });
    expect(verified.ok).toBe(true);

    const envelope = await sealedEnvelope(keySet, form.slug, { payload: payloadFor(form.slug, { note: CANARY }) });
    const res = await send(envelope);
    expect(res.statusCode).toBe(201);
    const receipt = res.json();
    const signingKey = ed25519PublicKeyFromRaw(decodeBase64url(keySet.signingKey));
    expect(verifyReceipt(receipt, () => signingKey, { id: envelope.id, digest: envelopeDigest(envelope) })).toBe(true);
    expect(receipt.receivedAt).toBe(clock.now().toISOString());

    const { rows } = await t.dbs.owner.query<{ ciphertext: Buffer; clinic_id: string; digest: string; received_by: string; retention_until: Date }>(
      `SELECT ciphertext, clinic_id, digest, received_by, retention_until FROM submissions WHERE id = $1`,
      [envelope.id],
    );
    expect(rows).toHaveLength(1);
    expect(encodeBase64url(rows[0]!.ciphertext)).toBe(envelope.ct);
    expect(rows[0]!.clinic_id).toBe(form.clinicId);
    expect(rows[0]!.received_by).toBe(t.cms.keyId);
    expect(rows[0]!.retention_until.toISOString()).toBe(new Date(clock.now().getTime() + 30 * 86_400_000).toISOString());

    const accepted = (await auditRows('intake.accepted')).at(-1);
    expect(accepted).toMatchObject({ actor_id: t.cms.keyId, actor_type: 'service', service: 'portal-intake', resource_id: envelope.id });
  });

  it('keeps no plaintext anywhere: not in the database, not in the logs', async () => {
    const dump = await t.dbs.owner.query<{ t: string }>(
      `SELECT (SELECT coalesce(string_agg(s::text, ''), '') FROM submissions s) || (SELECT coalesce(string_agg(a::text, ''), '') FROM audit_events a) AS t`,
    );
    expect(dump.rows[0]!.t).not.toContain(CANARY);
    expect(t.logs.join('')).not.toContain(CANARY);
    expect(t.logs.join('')).not.toContain('sig1=:');
  });

  it('answers a retry of the same envelope with the identical stored receipt and stores nothing new', async () => {
    const envelope = await sealedEnvelope(keySet, form.slug);
    const first = await send(envelope);
    clock.advance(5);
    const again = await send(envelope);
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(200);
    expect(again.body).toBe(first.body);
    const count = await t.dbs.owner.query<{ n: unknown }>(`SELECT count(*) AS n FROM submissions WHERE id = $1`, [envelope.id]);
    expect(Number(count.rows[0]!.n)).toBe(1);
    expect((await auditRows('intake.duplicate')).at(-1)).toMatchObject({ actor_id: t.cms.keyId, resource_id: envelope.id });
  });

  it('two simultaneous deliveries of one envelope store it once and both get the same receipt', async () => {
    const envelope = await sealedEnvelope(keySet, form.slug);
    const [a, b] = await Promise.all([send(envelope), send(envelope)]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 201]);
    expect(a.body).toBe(b.body);
    const count = await t.dbs.owner.query<{ n: unknown }>(`SELECT count(*) AS n FROM submissions WHERE id = $1`, [envelope.id]);
    expect(Number(count.rows[0]!.n)).toBe(1);
  });

  it('refuses the same id with different content (409) and keeps the first', async () => {
    const id = crypto.randomUUID();
    const first = await sealedEnvelope(keySet, form.slug, { id });
    const other = await sealedEnvelope(keySet, form.slug, { id });
    expect((await send(first)).statusCode).toBe(201);
    expectProblem(await send(other), 409, 'id-conflict');
    const { rows } = await t.dbs.owner.query<{ digest: string }>(`SELECT digest FROM submissions WHERE id = $1`, [id]);
    expect(rows.map((r) => r.digest)).toEqual([envelopeDigest(first)]);
  });

  describe('401: the signature is not accepted', () => {
    let envelope: EnvelopeV1;
    beforeAll(async () => {
      envelope = await sealedEnvelope(keySet, form.slug);
    });

    async function expect401(res: Awaited<ReturnType<typeof post>>, reason: string, actor: string | null = t.cms.keyId) {
      expectProblem(res, 401, reason);
      expect(await lastRejection()).toMatchObject({ actor_id: actor, actor_type: 'service', detail: { reason } });
      const stored = await t.dbs.owner.query(`SELECT 1 FROM submissions WHERE id = $1`, [envelope.id]);
      expect(stored.rowCount).toBe(0);
    }

    it('tampered body', async () => {
      const signed = signedIntake(t.cms, JSON.stringify(envelope), { clock });
      const tampered = Buffer.from(JSON.stringify({ ...envelope, form: 'other-form' }));
      await expect401(await post(signed.headers, tampered), 'digest-mismatch');
    });

    it('replayed request (same nonce)', async () => {
      const other = await sealedEnvelope(keySet, form.slug);
      const signed = signedIntake(t.cms, JSON.stringify(other), { clock });
      expect((await post(signed.headers, signed.payload)).statusCode).toBe(201);
      expectProblem(await post(signed.headers, signed.payload), 401, 'replayed-nonce');
      expect(await lastRejection()).toMatchObject({ actor_id: t.cms.keyId, detail: { reason: 'replayed-nonce' } });
    });

    it('stale created (older than 300 s)', async () => {
      const signed = signedIntake(t.cms, JSON.stringify(envelope), { now: new Date(clock.now().getTime() - 301_000), ttlSeconds: 600 });
      await expect401(await post(signed.headers, signed.payload), 'too-old');
    });

    it('created in the future (more than 30 s)', async () => {
      const signed = signedIntake(t.cms, JSON.stringify(envelope), { now: new Date(clock.now().getTime() + 31_000) });
      await expect401(await post(signed.headers, signed.payload), 'created-in-future');
    });

    it('expired', async () => {
      const signed = signedIntake(t.cms, JSON.stringify(envelope), { now: new Date(clock.now().getTime() - 20_000), ttlSeconds: 10 });
      await expect401(await post(signed.headers, signed.payload), 'expired');
    });

    it('unknown keyid', async () => {
      const stranger = generateCmsKey('cms-stranger');
      const signed = signedIntake(stranger, JSON.stringify(envelope), { clock });
      await expect401(await post(signed.headers, signed.payload), 'unknown-keyid', 'cms-stranger');
    });

    it('a known keyid with a signature by another key', async () => {
      const impostor = { ...generateCmsKey(), keyId: t.cms.keyId };
      const signed = signedIntake(impostor, JSON.stringify(envelope), { clock });
      await expect401(await post(signed.headers, signed.payload), 'bad-signature');
    });

    it('alg mismatch', async () => {
      const body = Buffer.from(JSON.stringify(envelope));
      await expect401(await post(craftSigned(t.cms, body, clock.now(), { alg: 'rsa-pss-sha512' }), body), 'alg-mismatch');
    });

    it('content-digest not covered by the signature', async () => {
      const body = Buffer.from(JSON.stringify(envelope));
      const headers = craftSigned(t.cms, body, clock.now(), { components: ['@method', '@target-uri', 'content-type'] });
      await expect401(await post(headers, body), 'missing-component');
    });

    it('missing signature', async () => {
      await expect401(await post({ 'content-type': 'application/json' }, JSON.stringify(envelope)), 'missing-signature', null);
    });

    it('signed for another URL', async () => {
      const signed = signedIntake(t.cms, JSON.stringify(envelope), { clock, url: 'http://127.0.0.1:4001/internal/other' });
      await expect401(await post({ ...signed.headers, host: '127.0.0.1:4001' }, signed.payload), 'bad-signature');
    });
  });

  it('400 for a signed body that is not an envelope, naming the field but not its value', async () => {
    const res = await send({ v: 1, id: 'not-a-uuid-CANARY', form: form.slug, kid: keySet.payload.current, ct: 'x' });
    const body = expectProblem(res, 400, 'schema');
    expect(String(body.detail)).toContain('id');
    expect(res.body).not.toContain('CANARY');
  });

  it('413 for a body over the limit, 415 for another content type', async () => {
    const big = Buffer.alloc(t.config.intakeMaxBytes + 1, 0x20);
    expectProblem(await post(signedIntake(t.cms, big, { clock }).headers, big), 413);
    const text = signedIntake(t.cms, 'hello', { clock, contentType: 'text/plain' });
    expectProblem(await post(text.headers, text.payload), 415);
  });

  describe('422: signed and well-formed, but not processable', () => {
    it('unknown kid', async () => {
      const envelope = { ...(await sealedEnvelope(keySet, form.slug)), kid: 'no-such-kid' };
      expectProblem(await send(envelope), 422, 'unknown-kid');
    });

    it('a box that does not open with the named key', async () => {
      const envelope = { ...(await sealedEnvelope(keySet, form.slug)), ct: encodeBase64url(crypto.randomBytes(80)) };
      expectProblem(await send(envelope), 422, 'sealed-box');
    });

    it('inner form differs from the outer one', async () => {
      await sodium.ready;
      const key = decodeBase64url(keySet.payload.keys[0]!.publicKey);
      const ct = sealPayload(sodium, key, payloadFor('some-other-form'));
      const envelope: EnvelopeV1 = { v: 1, id: crypto.randomUUID(), form: form.slug, kid: keySet.payload.current, ct: encodeBase64url(ct) };
      expectProblem(await send(envelope), 422, 'form-mismatch');
      const stored = await t.dbs.owner.query(`SELECT 1 FROM submissions WHERE id = $1`, [envelope.id]);
      expect(stored.rowCount).toBe(0);
    });

    it('a form the portal registry does not know', async () => {
      const envelope = await sealedEnvelope(keySet, 'unregistered-form');
      expectProblem(await send(envelope), 422, 'unknown-form');
    });
  });

  it('does not exist on the staff listener', async () => {
    const envelope = await sealedEnvelope(keySet, form.slug);
    const signed = signedIntake(t.cms, JSON.stringify(envelope), { clock });
    const res = await t.staff.inject({ method: 'POST', url: '/internal/intake', headers: signed.headers, payload: signed.payload });
    expectProblem(res, 404);
    const stored = await t.dbs.owner.query(`SELECT 1 FROM submissions WHERE id = $1`, [envelope.id]);
    expect(stored.rowCount).toBe(0);
  });

  it('the intake listener serves nothing of the staff side', async () => {
    expect((await t.intake.inject({ method: 'GET', url: '/intake/keys' })).statusCode).toBe(404);
    expect((await t.intake.inject({ method: 'GET', url: '/docs' })).statusCode).toBe(404);
    expect((await t.intake.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
  });
});
