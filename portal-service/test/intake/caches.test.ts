import crypto from 'node:crypto';
import type { KeySetDocument } from '@palisade/protocol';
import { FakeClock } from '../../src/clock';
import { KEY_ROW_TTL_MS } from '../../src/keys/intake-keys';
import { FORM_ROW_TTL_MS } from '../../src/routes/intake/form-cache';
import { buildTestApps, type TestApps } from '../helpers/apps';
import { testDatabases } from '../helpers/databases';
import { sealedEnvelope, seedClinicAndForm, signedIntake } from '../helpers/intake';

/**
 * The intake caches key rows and form rows for a few seconds. These tests pin
 * what that may and may not change: a key retired by another process (the CLI)
 * is refused within KEY_ROW_TTL_MS at most and nothing is ever stored sealed to
 * it meanwhile; a form registered a moment ago is accepted at once.
 */
describe.each(testDatabases())('intake caches on $name', (database) => {
  let t: TestApps;
  let clock: FakeClock;
  let form: { clinicId: string; slug: string };

  beforeAll(async () => {
    clock = new FakeClock();
    t = await buildTestApps({ clock, database });
    form = await seedClinicAndForm(t.dbs.owner);
  });
  afterAll(async () => t?.close());

  const keySet = async () => (await t.staff.inject({ method: 'GET', url: '/intake/keys' })).json<KeySetDocument>();
  async function send(body: unknown) {
    const signed = signedIntake(t.cms, JSON.stringify(body), { clock });
    const res = await t.intake.inject({ method: 'POST', url: '/internal/intake', headers: signed.headers, payload: signed.payload });
    return { status: res.statusCode, body: res.json<Record<string, unknown>>() };
  }
  const stored = async (id: string) => (await t.dbs.owner.query(`SELECT 1 FROM submissions WHERE id = $1`, [id])).rowCount;

  it('a kid retired by another process: never stored to within the TTL, refused before opening after it', async () => {
    const before = await keySet();
    const oldKid = before.payload.current;
    await t.staff.keys.rotate();
    // Warm the cache with the old kid's row (it is still usable).
    const warm = await sealedEnvelope(before, form.slug, { kid: oldKid });
    expect((await send(warm)).status).toBe(201);
    await t.dbs.owner.query(`UPDATE submissions SET status = 'done' WHERE kid = $1`, [oldKid]);

    // Another process retires it: this process's cache does not know yet.
    await t.dbs.owner.query(`UPDATE keys SET retired_at = $2 WHERE kid = $1`, [oldKid, clock.now()]);
    expect(await t.intake.keys.usable(oldKid)).toEqual({ ok: true });
    const within = await sealedEnvelope(before, form.slug, { kid: oldKid });
    expect(await send(within)).toMatchObject({ status: 422, body: { reason: 'retired-kid' } });
    expect(await stored(within.id)).toBe(0);

    clock.advance(KEY_ROW_TTL_MS / 1000);
    expect(await t.intake.keys.usable(oldKid)).toEqual({ ok: false, reason: 'retired' });
    const after = await sealedEnvelope(before, form.slug, { kid: oldKid });
    expect(await send(after)).toMatchObject({ status: 422, body: { reason: 'retired-kid' } });
    expect(await stored(after.id)).toBe(0);
  });

  it('a retirement in this process is seen at once', async () => {
    const before = await keySet();
    const oldKid = before.payload.current;
    await t.staff.keys.rotate();
    expect(await t.intake.keys.usable(oldKid)).toEqual({ ok: true });
    await t.staff.keys.retire(oldKid);
    expect(await t.intake.keys.usable(oldKid)).toEqual({ ok: false, reason: 'retired' });
  });

  it('a form registered after a miss is accepted at once; a retention change shows within the TTL', async () => {
    const ks = await keySet();
    const slug = `late-${crypto.randomBytes(3).toString('hex')}`;
    expect(await send(await sealedEnvelope(ks, slug))).toMatchObject({ status: 422, body: { reason: 'unknown-form' } });
    await t.dbs.owner.query(`INSERT INTO forms (slug, clinic_id, title, retention_days) VALUES ($1, $2, 'Late', 10)`, [slug, form.clinicId]);
    const first = await sealedEnvelope(ks, slug);
    expect((await send(first)).status).toBe(201);

    await t.dbs.owner.query(`UPDATE forms SET retention_days = 20 WHERE slug = $1`, [slug]);
    clock.advance(FORM_ROW_TTL_MS / 1000);
    const later = await sealedEnvelope(ks, slug);
    expect((await send(later)).status).toBe(201);
    const { rows } = await t.dbs.owner.query<{ id: string; days: unknown }>(
      `SELECT id, round(extract(epoch FROM retention_until - received_at) / 86400) AS days FROM submissions WHERE id = ANY($1::uuid[])`,
      [[first.id, later.id]],
    );
    expect(Object.fromEntries(rows.map((r) => [r.id, Number(r.days)]))).toEqual({ [first.id]: 10, [later.id]: 20 });
  });
});
