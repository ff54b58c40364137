import { createPrivateKey } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import axios from 'axios';
import knex, { type Knex } from 'knex';
import request from 'supertest';
import sodium = require('libsodium-wrappers');
import { decodeBase64url, ed25519PublicKeyFromRaw, verifyReceipt, type EnvelopeV1, type KeySetDocument } from '@palisade/protocol';
import { Courier } from '../server/src/delivery/courier';
import { forwardEnvelope } from '../server/src/delivery/forward';
import { OutboxStore } from '../server/src/outbox/store';
import { bootCmsFor, outboxCount, publishForm, sealedEnvelope, type TestCms } from './helpers/cms';
import { startRealPortal, type RealPortal } from './helpers/real-portal';

// Delivery against the real portal: an outage, a second CMS instance sweeping
// the same outbox, and 1,000 concurrent submissions.
const FORM = 'contact-us';
let portal: RealPortal;
let cms: TestCms;
let dataDir: string;
let keySet: KeySetDocument;

const http = () => request(cms.strapi.server.httpServer);
const envelope = () =>
  sealedEnvelope({ form: FORM, kid: keySet.payload.current, publicKey: decodeBase64url(keySet.payload.keys[0]!.publicKey) });
const submit = (e: EnvelopeV1) => http().post('/api/secure-forms/submissions').send(e);
const courier = () =>
  cms.strapi.plugin('secure-forms').service('courier') as { sweep(o?: { now?: number }): Promise<{ delivered: number; failed: number }> };
const LATER = () => Date.now() + 3_600_000; // past any backoff

beforeAll(async () => {
  await sodium.ready;
  portal = await startRealPortal([FORM]);
  keySet = await portal.apps.staff.keys.keySetDocument();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-delivery-'));
  cms = await bootCmsFor(portal, portal.cmsKey, { CMS_DATABASE_FILENAME: path.join(dataDir, 'cms.db') });
  await publishForm(cms.strapi, FORM);
  // The CMS learns the key set while the portal is up.
  await submit(await envelope()).expect(202);
}, 120_000);

afterAll(async () => {
  await cms?.stop();
  await portal?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('portal down', () => {
  it('keeps rows queued through the outage, then delivers every row once and shreds it', async () => {
    const before = new Set(await portal.storedIds());
    await portal.down();
    const sent = await Promise.all(Array.from({ length: 20 }, envelope));
    for (const e of sent) expect((await submit(e).expect(202)).body).toEqual({ id: e.id, status: 'queued' });
    expect(await outboxCount(cms.strapi)).toBe(20);

    const whileDown = await courier().sweep({ now: LATER() });
    expect(whileDown).toMatchObject({ delivered: 0, failed: 20 });
    expect(await outboxCount(cms.strapi)).toBe(20);

    await portal.up();
    const report = await courier().sweep({ now: LATER() });
    expect(report).toMatchObject({ delivered: 20, failed: 0 });
    expect(await outboxCount(cms.strapi)).toBe(0);
    const added = (await portal.storedIds()).filter((id) => !before.has(id));
    expect(added.sort()).toEqual(sent.map((e) => e.id).sort());
    const shreds = await cms.strapi.db
      .connection('secure_forms_shreds')
      .whereIn(
        'id',
        sent.map((e) => e.id),
      )
      .count({ n: '*' })
      .first();
    expect(Number(shreds?.n)).toBe(20);
  });
});

describe('two CMS instances sweeping the same outbox at once', () => {
  let second: Knex;

  afterAll(async () => {
    await second?.destroy();
  });

  it('sends each row once: no duplicate reaches the portal', async () => {
    await portal.down();
    const sent = await Promise.all(Array.from({ length: 40 }, envelope));
    for (const e of sent) await submit(e).expect(202);
    await portal.up();
    const duplicatesBefore = await portal.duplicateDeliveries();

    // Another instance: its own connection to the same database, its own courier, same signing key.
    second = knex({ client: 'better-sqlite3', connection: { filename: path.join(dataDir, 'cms.db') }, useNullAsDefault: true });
    const receiptKey = ed25519PublicKeyFromRaw(decodeBase64url(keySet.signingKey));
    const other = new Courier({
      store: new OutboxStore(second),
      forward: (e, digest) =>
        forwardEnvelope(
          {
            http: axios.create(),
            intakeUrl: portal.intakeUrl,
            keyId: portal.cmsKey.keyId,
            privateKey: createPrivateKey(portal.cmsKey.privatePem),
            timeoutMs: 5000,
            receiptKey: async () => receiptKey,
          },
          e,
          digest,
        ),
      checkStoredReceipt: async (r) => verifyReceipt(r, () => receiptKey, { id: r.id, digest: r.digest }),
      now: Date.now,
      leaseMs: 15_000,
      warn: () => {},
      noteError: () => {},
    });

    const [a, b] = await Promise.all([courier().sweep({ now: LATER() }), other.sweep({ now: LATER(), alertAgeMs: 3_600_000 })]);
    expect(a.delivered + b.delivered).toBe(40);
    expect(a.delivered).toBeGreaterThan(0);
    expect(b.delivered).toBeGreaterThan(0);
    expect(await portal.duplicateDeliveries()).toBe(duplicatesBefore);
    expect(await outboxCount(cms.strapi)).toBe(0);
    const stored = await portal.storedIds();
    for (const e of sent) expect(stored.filter((id) => id === e.id)).toHaveLength(1);
  });
});

describe('1,000 concurrent submissions', () => {
  it('are all delivered exactly once, and the outbox ends empty', async () => {
    const before = new Set(await portal.storedIds());
    const envelopes = await Promise.all(Array.from({ length: 1000 }, envelope));
    const statuses: string[] = [];
    // Bounded waves of concurrent requests keep the run short on a small machine.
    for (let i = 0; i < envelopes.length; i += 100) {
      const wave = await Promise.all(envelopes.slice(i, i + 100).map((e) => submit(e)));
      for (const res of wave) statuses.push(`${res.status} ${res.body.status}`);
    }
    expect(statuses.filter((s) => !/^202 (delivered|queued)$/.test(s))).toEqual([]);
    // A forward that outlived the CMS's time limit under this load stays queued; the sweep finishes it.
    const errors = await cms.strapi.db.connection('secure_forms_outbox').distinct('last_error').pluck('last_error');
    expect(errors.filter((e) => e !== 'portal did not answer in time')).toEqual([]);
    for (let round = 0; round < 5 && (await outboxCount(cms.strapi)) > 0; round++) await courier().sweep({ now: LATER() });
    const added = (await portal.storedIds()).filter((id) => !before.has(id));
    expect(added).toHaveLength(1000); // the portal's primary key: each id at most once

    expect(new Set(added)).toEqual(new Set(envelopes.map((e) => e.id)));
    expect(await outboxCount(cms.strapi)).toBe(0);
  }, 300_000);
});
