import crypto from 'node:crypto';
import sodium = require('libsodium-wrappers-sumo');
import {
  decodeBase64url,
  ed25519PublicKeyFromRaw,
  encodeBase64url,
  envelopeDigest,
  sealPayload,
  verifyReceipt,
  verifyRejection,
  type EnvelopeV1,
  type KeySetDocument,
} from '@palisade/protocol';
import { FakeClock } from '../../src/clock';
import { KeyService } from '../../src/keys/intake-keys';
import { UnwrapError, type Kms } from '../../src/keys/kms';
import { buildTestApps, type TestApps } from '../helpers/apps';
import { testDatabases } from '../helpers/databases';
import { payloadFor, sealedEnvelope, seedClinicAndForm, signedIntake } from '../helpers/intake';

/**
 * Signed rejections: a 422 carries one only when the refusal is final (no key
 * the portal holds opens the box; or the payload names another form), because
 * the CMS deletes its outbox row on it. Every other refusal leaves the row queued.
 */
describe.each(testDatabases())('signed rejections on $name', (database) => {
  let t: TestApps;
  let clock: FakeClock;
  let form: { clinicId: string; slug: string };
  let keySet: KeySetDocument;
  /** Three intake keys: retired (held, no longer in the key set), older (still usable), current. */
  let keys: { retired: Uint8Array; retiredKid: string; older: Uint8Array; olderKid: string; current: Uint8Array; currentKid: string };

  const publicKeyOf = async (kid: string) =>
    (await t.dbs.owner.query<{ public_key: Buffer }>(`SELECT public_key FROM keys WHERE kid = $1`, [kid])).rows[0]!.public_key;
  const signingKey = () => ed25519PublicKeyFromRaw(decodeBase64url(keySet.signingKey));

  beforeAll(async () => {
    await sodium.ready;
    clock = new FakeClock();
    t = await buildTestApps({ clock, database });
    form = await seedClinicAndForm(t.dbs.owner);
    const retiredKid = (await t.staff.keys.current()).kid;
    const olderKid = (await t.staff.keys.rotate()).kid;
    const currentKid = (await t.staff.keys.rotate()).kid;
    await t.staff.keys.retire(retiredKid);
    keySet = (await t.staff.inject({ method: 'GET', url: '/intake/keys' })).json();
    keys = { retiredKid, olderKid, currentKid, retired: await publicKeyOf(retiredKid), older: await publicKeyOf(olderKid), current: await publicKeyOf(currentKid) };
  });
  afterAll(async () => t?.close());

  async function send(envelope: EnvelopeV1) {
    const signed = signedIntake(t.cms, JSON.stringify(envelope), { clock });
    const res = await t.intake.inject({ method: 'POST', url: '/internal/intake', headers: signed.headers, payload: signed.payload });
    return { status: res.statusCode, body: res.json<Record<string, unknown>>(), type: res.headers['content-type'] };
  }

  const envelopeWith = (ct: Uint8Array, kid: string, id: string = crypto.randomUUID()): EnvelopeV1 => ({ v: 1, id, form: form.slug, kid, ct: encodeBase64url(ct) });

  async function stored(id: string) {
    return (await t.dbs.owner.query(`SELECT 1 FROM submissions WHERE id = $1`, [id])).rowCount;
  }

  it('noise sealed to the current kid: 422 with a rejection the CMS can verify for exactly that id and digest', async () => {
    const noise = envelopeWith(crypto.randomBytes(120), keys.currentKid);
    const res = await send(noise);
    expect(res.status).toBe(422);
    expect(res.type).toMatch(/^application\/problem\+json/);
    expect(res.body.reason).toBe('sealed-box');
    expect(res.body.rejection).toMatchObject({ id: noise.id, digest: envelopeDigest(noise), reason: 'sealed-box', rejectedAt: clock.now().toISOString() });
    expect(verifyRejection(res.body.rejection, signingKey, { id: noise.id, digest: envelopeDigest(noise) })).toBe(true);
    // It is a rejection, not a receipt: the CMS's receipt check refuses it.
    expect(verifyReceipt(res.body.rejection, signingKey, { id: noise.id, digest: envelopeDigest(noise) })).toBe(false);
    expect(JSON.stringify(res.body)).not.toContain(noise.ct);
    expect(await stored(noise.id)).toBe(0);
    const audit = await t.dbs.owner.query<{ detail: Record<string, unknown> }>(`SELECT detail FROM audit_events WHERE event = 'intake.rejected' AND resource_id = $1`, [noise.id]);
    expect(audit.rows.map((r) => r.detail)).toEqual([{ reason: 'sealed-box', form: form.slug }]);
  });

  it('a retry of the same envelope gets an equivalent rejection (same id, digest, reason; verifies)', async () => {
    const noise = envelopeWith(crypto.randomBytes(90), keys.currentKid);
    const first = await send(noise);
    clock.advance(3);
    const again = await send(noise);
    expect(again.status).toBe(422);
    for (const res of [first, again]) expect(verifyRejection(res.body.rejection, signingKey, { id: noise.id, digest: envelopeDigest(noise) })).toBe(true);
    expect(again.body.rejection).toMatchObject({ id: noise.id, digest: envelopeDigest(noise), reason: 'sealed-box' });
    expect(await stored(noise.id)).toBe(0);
  });

  it('form-mismatch: 422 with a rejection naming form-mismatch', async () => {
    const mismatch = envelopeWith(sealPayload(sodium, keys.current, payloadFor('some-other-form')), keys.currentKid);
    const res = await send(mismatch);
    expect(res.status).toBe(422);
    expect(res.body.reason).toBe('form-mismatch');
    expect(res.body.rejection).toMatchObject({ reason: 'form-mismatch' });
    expect(verifyRejection(res.body.rejection, signingKey, { id: mismatch.id, digest: envelopeDigest(mismatch) })).toBe(true);
    expect(await stored(mismatch.id)).toBe(0);
  });

  it('sealed to one held key but labelled with another: 422 sealed-box and no rejection (current, older or retired key)', async () => {
    const cases: [Uint8Array, string][] = [
      [keys.older, keys.currentKid],
      [keys.current, keys.olderKid],
      [keys.retired, keys.currentKid],
    ];
    for (const [sealedTo, label] of cases) {
      const mislabelled = envelopeWith(sealPayload(sodium, sealedTo, payloadFor(form.slug)), label);
      const res = await send(mislabelled);
      expect(res.status).toBe(422);
      expect(res.body.reason).toBe('sealed-box');
      expect(res.body).not.toHaveProperty('rejection');
    }
  });

  it('a box the named key opens but whose content is not a sealed payload is rejected for good (anyone can seal junk to the public key)', async () => {
    for (const junkText of ['not a payload', '{"form":"x"}']) {
      const junk = envelopeWith(sodium.crypto_box_seal(new TextEncoder().encode(junkText), keys.current), keys.currentKid);
      const res = await send(junk);
      expect(res.status).toBe(422);
      expect(res.body.reason).toBe('sealed-box');
      expect(verifyRejection(res.body.rejection, signingKey, { id: junk.id, digest: envelopeDigest(junk) })).toBe(true);
    }
  });

  it('junk sealed to another held key than the label says gets no rejection (that key might be the right one)', async () => {
    const junk = envelopeWith(sodium.crypto_box_seal(new TextEncoder().encode('not a payload'), keys.older), keys.currentKid);
    const res = await send(junk);
    expect(res.body.reason).toBe('sealed-box');
    expect(res.body).not.toHaveProperty('rejection');
  });

  it('never a rejection for a retired or unknown kid, an unknown form, or a schema error', async () => {
    const retired = await send(envelopeWith(sealPayload(sodium, keys.retired, payloadFor(form.slug)), keys.retiredKid));
    const retiredNoise = await send(envelopeWith(crypto.randomBytes(100), keys.retiredKid));
    const unknownKid = await send(envelopeWith(crypto.randomBytes(100), 'no-such-kid'));
    const unknownForm = await send(await sealedEnvelope(keySet, 'unregistered-form'));
    for (const [res, reason] of [[retired, 'retired-kid'], [retiredNoise, 'retired-kid'], [unknownKid, 'unknown-kid'], [unknownForm, 'unknown-form']] as const) {
      expect(res.status).toBe(422);
      expect(res.body.reason).toBe(reason);
      expect(res.body).not.toHaveProperty('rejection');
    }
    const schema = await send({ ...envelopeWith(crypto.randomBytes(100), keys.currentKid), id: 'not-a-uuid' });
    expect(schema.status).toBe(400);
    expect(schema.body).not.toHaveProperty('rejection');
  });

  it('a replayed nonce is refused 401 even when the first use was refused, and both refusals are audited', async () => {
    const refusals = async (reason: string) =>
      Number((await t.dbs.owner.query<{ n: unknown }>(`SELECT count(*) AS n FROM audit_events WHERE event = 'intake.rejected' AND detail->>'reason' = $1`, [reason])).rows[0]!.n);
    const before = { form: await refusals('unknown-form'), replay: await refusals('replayed-nonce') };
    const signed = signedIntake(t.cms, JSON.stringify(await sealedEnvelope(keySet, 'unregistered-form')), { clock });
    const post = () => t.intake.inject({ method: 'POST', url: '/internal/intake', headers: signed.headers, payload: signed.payload });
    expect((await post()).json()).toMatchObject({ status: 422, reason: 'unknown-form' });
    const replay = await post();
    expect(replay.statusCode).toBe(401);
    expect(replay.json()).toMatchObject({ reason: 'replayed-nonce' });
    expect({ form: await refusals('unknown-form'), replay: await refusals('replayed-nonce') }).toEqual({ form: before.form + 1, replay: before.replay + 1 });
  });

  it('a held key that cannot be unwrapped (KMS fault) is an error, never "does not open": no rejection can follow', async () => {
    const broken: Kms = { wrap: async () => { throw new UnwrapError(); }, unwrap: async () => { throw new UnwrapError(); } };
    const keysWithoutKms = new KeyService(t.dbs.ingest, broken, clock);
    await expect(keysWithoutKms.heldKeyThatOpens(crypto.randomBytes(100))).rejects.toThrow(UnwrapError);
  });

  it('an accepted envelope still gets its receipt (no rejection on the happy path)', async () => {
    const ok = await sealedEnvelope(keySet, form.slug);
    const res = await send(ok);
    expect(res.status).toBe(201);
    expect(verifyReceipt(res.body, signingKey, { id: ok.id, digest: envelopeDigest(ok) })).toBe(true);
  });
});
