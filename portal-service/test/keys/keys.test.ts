import crypto from 'node:crypto';
import sodium = require('libsodium-wrappers-sumo');
import { encodeBase64url, sealPayload, type KeySetDocument } from '@palisade/protocol';
import { KeyError } from '../../src/keys/intake-keys';
import { buildTestApps, type TestApps } from '../helpers/apps';
import { testDatabases } from '../helpers/databases';
import { payloadFor, sealedEnvelope, seedClinicAndForm, signedIntake } from '../helpers/intake';

describe.each(testDatabases())('intake keys on $name', (database) => {
  let t: TestApps;
  let form: { clinicId: string; slug: string };

  beforeAll(async () => {
    t = await buildTestApps({ database });
    form = await seedClinicAndForm(t.dbs.owner);
  });
  afterAll(async () => t?.close());

  const keySet = async () => (await t.staff.inject({ method: 'GET', url: '/intake/keys' })).json<KeySetDocument>();
  const send = async (body: unknown) => {
    const signed = signedIntake(t.cms, JSON.stringify(body), { clock: t.clock });
    return t.intake.inject({ method: 'POST', url: '/internal/intake', headers: signed.headers, payload: signed.payload });
  };

  it('stores private keys only wrapped: no raw key bytes in the keys table', async () => {
    await sodium.ready;
    const current = await t.staff.keys.current();
    const { rows } = await t.dbs.owner.query<{ public_key: Buffer; private_wrapped: Buffer }>(`SELECT public_key, private_wrapped FROM keys WHERE kid = $1`, [current.kid]);
    expect(rows[0]!.public_key).toEqual(Buffer.from(current.publicKey));
    // The wrapped form opens only with the master key and its context; a ciphertext sealed to
    // the public key must not open with the stored bytes taken as a raw private key.
    const ct = sodium.crypto_box_seal(new Uint8Array([1, 2, 3]), current.publicKey);
    expect(() => sodium.crypto_box_seal_open(ct, current.publicKey, rows[0]!.private_wrapped.subarray(0, 32))).toThrow();
  });

  it('after a rotation the new key is current and the old one still opens its submissions', async () => {
    const before = await keySet();
    const oldKid = before.payload.current;
    const early = await sealedEnvelope(before, form.slug);
    const rotated = await t.staff.keys.rotate();
    const after = await keySet();
    expect(after.payload.current).toBe(rotated.kid);
    expect(after.payload.keys.map((k) => k.kid)).toEqual(expect.arrayContaining([oldKid, rotated.kid]));
    expect((await send(early)).statusCode).toBe(201);
    const opened = await t.staff.keys.openSealed(oldKid, Buffer.from(early.ct, 'base64url'));
    expect(opened.form).toBe(form.slug);
  });

  it('refuses to retire a key whose submissions are not done, then retires it and the intake refuses it (422)', async () => {
    const list = await t.staff.keys.list();
    const old = list.find((k) => k.purpose === 'intake' && !k.current && !k.retiredAt)!;
    await expect(t.staff.keys.retire(old.kid)).rejects.toMatchObject({ reason: 'still-needed' });
    await t.dbs.owner.query(`UPDATE submissions SET status = 'done' WHERE kid = $1`, [old.kid]);
    await t.staff.keys.retire(old.kid);
    expect((await keySet()).payload.keys.map((k) => k.kid)).not.toContain(old.kid);

    await sodium.ready;
    const ks = await keySet();
    const publicKeyOfOld = (await t.dbs.owner.query<{ public_key: Buffer }>(`SELECT public_key FROM keys WHERE kid = $1`, [old.kid])).rows[0]!.public_key;
    const ct = sealPayload(sodium, publicKeyOfOld, payloadFor(form.slug));
    const res = await send({ v: 1, id: crypto.randomUUID(), form: form.slug, kid: old.kid, ct: encodeBase64url(ct) });
    expect(res.statusCode).toBe(422);
    expect(res.json().reason).toBe('retired-kid');
    await expect(t.staff.keys.openSealed(old.kid, ct)).rejects.toBeInstanceOf(KeyError);
    expect(ks.payload.current).not.toBe(old.kid);
  });

  it('never retires the current key or a signing key', async () => {
    const list = await t.staff.keys.list();
    await expect(t.staff.keys.retire(list.find((k) => k.purpose === 'intake' && k.current)!.kid)).rejects.toMatchObject({ reason: 'is-current' });
    await expect(t.staff.keys.retire(list.find((k) => k.purpose === 'keyset-signing')!.kid)).rejects.toMatchObject({ reason: 'wrong-purpose' });
  });

  it('the intake role cannot rotate keys', async () => {
    await expect(t.intake.keys.rotate()).rejects.toThrow(/permission denied/);
  });
});
