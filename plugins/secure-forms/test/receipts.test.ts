import request from 'supertest';
import { bootCmsFor, cmsSigningKey, outboxCount, outboxOf, publishForm, sealedEnvelope, type TestCms } from './helpers/cms';
import { startFakePortal, type FakeMode, type FakePortal } from './helpers/fake-portal';

// The CMS deletes its copy only after a receipt it verified. A portal that
// misbehaves (here a contract fake, on purpose) must leave every row in place.
const key = cmsSigningKey();
let cms: TestCms;
let portal: FakePortal & { intakePublicKey: Uint8Array };

beforeAll(async () => {
  portal = (await startFakePortal(key.publicPem, key.keyId)) as FakePortal & { intakePublicKey: Uint8Array };
  cms = await bootCmsFor(portal, key);
  await publishForm(cms.strapi, 'contact-us');
});

afterAll(async () => {
  await cms?.stop();
  await portal?.close();
});

afterEach(() => {
  portal.mode = 'ok';
});

const submit = async () => {
  const envelope = await sealedEnvelope({ form: 'contact-us', kid: 'fake-1', publicKey: portal.intakePublicKey });
  const res = await request(cms.strapi.server.httpServer).post('/api/secure-forms/submissions').send(envelope).expect(202);
  return { envelope, res };
};

const sweep = (now = Date.now() + 3_600_000) => cms.strapi.plugin('secure-forms').service('courier').sweep({ now });

describe.each<[FakeMode, RegExp]>([
  ['forged-receipt', /receipt invalid/],
  ['other-digest', /receipt invalid/],
  ['error-500', /portal answered 500/],
  ['no-receipt', /receipt/],
])('a portal answering with %s', (mode, error) => {
  it('leaves the row in place, queued, with the reason recorded; a later good receipt shreds it', async () => {
    portal.mode = mode;
    const { envelope, res } = await submit();
    expect(res.body).toEqual({ id: envelope.id, status: 'queued' });
    const row = await outboxOf(cms.strapi).get(envelope.id);
    expect(row).toMatchObject({ id: envelope.id, ciphertext: envelope.ct, attempts: 1, receipt: null });
    expect(row?.lastError).toMatch(error);
    expect(row!.nextAttemptAt).toBeGreaterThan(Date.now());

    // The sweep retries, still against the bad portal: still kept.
    await sweep();
    expect((await outboxOf(cms.strapi).get(envelope.id))?.attempts).toBe(2);

    portal.mode = 'ok';
    const report = await sweep();
    expect(report.delivered).toBe(1);
    expect(await outboxOf(cms.strapi).get(envelope.id)).toBeUndefined();
    expect(await outboxCount(cms.strapi)).toBe(0);
  });
});

describe('a row whose receipt was verified but whose delete failed', () => {
  it('is deleted by the sweep after re-checking the stored receipt', async () => {
    const store = outboxOf(cms.strapi);
    // The delivery's delete (with its shred record) fails once; the receipt is kept on the row.
    const original = store.settle.bind(store);
    store.settle = async () => {
      throw new Error('database is locked');
    };
    let envelope;
    try {
      ({ envelope } = await submit());
    } finally {
      store.settle = original;
    }
    const row = await store.get(envelope.id);
    expect(row?.receipt).toMatchObject({ kid: 'fake-receipt' });
    const report = await sweep(Date.now());
    expect(report.purged).toBe(1);
    expect(await store.get(envelope.id)).toBeUndefined();
  });

  it('is kept when the stored receipt does not verify', async () => {
    portal.mode = 'error-500';
    const { envelope } = await submit();
    const store = outboxOf(cms.strapi);
    // Someone writes a receipt straight into the table: the sweep must not trust it.
    await store.recordReceipt(envelope.id, { kid: 'fake-receipt', receivedAt: new Date().toISOString(), sig: 'A'.repeat(86), verifiedAt: Date.now() });
    const report = await sweep(Date.now());
    expect(report.purged).toBe(0);
    expect(await store.get(envelope.id)).toBeDefined();
    await cms.strapi.db.connection('secure_forms_outbox').where({ id: envelope.id }).delete();
  });
});

describe('a new submission whose failed forward cannot be recorded', () => {
  it('answers queued, since it is stored, and stays claimed until the sweep sends it after the lease', async () => {
    portal.mode = 'error-500';
    const store = outboxOf(cms.strapi);
    const original = store.recordFailure.bind(store);
    store.recordFailure = async () => {
      throw new Error('database is locked');
    };
    let sent;
    try {
      sent = await submit();
    } finally {
      store.recordFailure = original;
    }
    expect(sent.res.body).toEqual({ id: sent.envelope.id, status: 'queued' });
    const row = await store.get(sent.envelope.id);
    expect(row).toMatchObject({ attempts: 1, lastError: null, receipt: null });
    portal.mode = 'ok';
    expect((await sweep(Date.now())).delivered).toBe(0); // the request's lease still holds it
    expect((await sweep(row!.leaseUntil!)).delivered).toBe(1);
    expect(await store.get(sent.envelope.id)).toBeUndefined();
  });
});
