import { sign } from 'node:crypto';
import type { AxiosInstance } from 'axios';
import knex, { type Knex } from 'knex';
import {
  canonicalBytes,
  encodeBase64url,
  envelopeDigest,
  generateEd25519KeyPair,
  signReceipt,
  signRejection,
  type EnvelopeV1,
} from '@palisade/protocol';
import { OutboxStore } from '../outbox/store';
import { ensureTables, SHRED_TABLE } from '../outbox/tables';
import { Courier } from './courier';
import { forwardEnvelope } from './forward';

/**
 * The CMS deletes a row on a 422 only when its `rejection` verifies against the
 * pinned receipt key for exactly the id and digest it sent, with a final reason.
 * Anything else (forged, another digest, a receipt's signature, a non-final
 * reason, no rejection at all) keeps the row queued as before.
 */
const portal = generateEd25519KeyPair();
const cms = generateEd25519KeyPair();
const envelope: EnvelopeV1 = { v: 1, id: '00000000-0000-4000-8000-000000000001', form: 'f', kid: 'k', ct: 'c'.repeat(64) };
const digest = envelopeDigest(envelope);
const at = '2026-03-01T10:00:00.000Z';

let db: Knex;
let store: OutboxStore;
let answer: { status: number; body: unknown };
let warnings: string[];

function courier(): Courier {
  const http = { post: async () => ({ status: answer.status, data: JSON.stringify(answer.body) }) } as unknown as AxiosInstance;
  return new Courier({
    store,
    forward: (e, d) =>
      forwardEnvelope({ http, intakeUrl: 'http://127.0.0.1:4001/internal/intake', keyId: 'cms', privateKey: cms.privateKey, timeoutMs: 1000, receiptKey: async () => portal.publicKey }, e, d),
    checkStoredReceipt: async () => false,
    now: () => 2_000_000,
    leaseMs: 10_000,
    warn: (m) => warnings.push(m),
    noteError: () => {},
    random: () => 1,
  });
}

const problem = (rejection?: unknown) => ({ status: 422, body: { type: 'urn:palisade:problem:unprocessable', title: 'x', status: 422, reason: 'sealed-box', ...(rejection ? { rejection } : {}) } });

beforeEach(async () => {
  db = knex({ client: 'better-sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true });
  await ensureTables(db);
  store = new OutboxStore(db);
  warnings = [];
  await store.accept({ id: envelope.id, form: envelope.form, kid: envelope.kid, ciphertext: envelope.ct, digest }, 1_000_000);
});
afterEach(async () => db.destroy());

describe('signed rejections at the CMS', () => {
  it('a verified rejection deletes the row, records the reason in the shred log, and logs id and reason only', async () => {
    answer = problem(signRejection({ id: envelope.id, digest, reason: 'form-mismatch', rejectedAt: at }, { kid: 'p', privateKey: portal.privateKey }));
    expect(await courier().deliver(envelope.id)).toBe('queued');
    expect(await store.get(envelope.id)).toBeUndefined();
    expect(await db(SHRED_TABLE).where({ id: envelope.id }).first()).toMatchObject({ digest, outcome: 'rejected:form-mismatch', receipt_received_at: at });
    expect(await store.rejectedSince(0)).toBe(1);
    expect((await store.stats(0)).deliveredSince).toBe(0);
    expect(warnings).toEqual([`secure-forms: envelope ${envelope.id} rejected by the portal for good (form-mismatch); deleted`]);
  });

  const keeps: Array<[string, () => unknown]> = [
    ['forged (signed by another key)', () => signRejection({ id: envelope.id, digest, reason: 'sealed-box', rejectedAt: at }, { kid: 'p', privateKey: generateEd25519KeyPair().privateKey })],
    ['for another digest', () => signRejection({ id: envelope.id, digest: envelopeDigest({ ...envelope, ct: 'd'.repeat(64) }), reason: 'sealed-box', rejectedAt: at }, { kid: 'p', privateKey: portal.privateKey })],
    ['for another id', () => signRejection({ id: '00000000-0000-4000-8000-000000000002', digest, reason: 'sealed-box', rejectedAt: at }, { kid: 'p', privateKey: portal.privateKey })],
    ['a receipt signature dressed as a rejection', () => {
      const receipt = signReceipt({ id: envelope.id, digest, receivedAt: at }, { kid: 'p', privateKey: portal.privateKey });
      return { id: envelope.id, digest, reason: 'sealed-box', rejectedAt: at, kid: 'p', sig: receipt.sig };
    }],
    ['a reason that is not final, even correctly signed', () => {
      const fields = { type: 'rejection', id: envelope.id, digest, reason: 'retired-kid', rejectedAt: at };
      return { ...fields, type: undefined, kid: 'p', sig: encodeBase64url(sign(null, canonicalBytes(fields), portal.privateKey)) };
    }],
  ];

  it.each(keeps)('a rejection %s leaves the row queued', async (_name, make) => {
    answer = problem(JSON.parse(JSON.stringify(make())));
    expect(await courier().deliver(envelope.id)).toBe('queued');
    expect(await store.get(envelope.id)).toMatchObject({ digest, lastError: 'portal answered 422 with a rejection that does not verify' });
    expect(await store.getShred(envelope.id)).toBeUndefined();
  });

  it('a 422 without a rejection (retired kid, unknown form) leaves the row queued as before', async () => {
    answer = problem();
    expect(await courier().deliver(envelope.id)).toBe('queued');
    expect(await store.get(envelope.id)).toMatchObject({ lastError: 'portal answered 422' });
  });

  it('a rejection on another status than 422 is ignored', async () => {
    answer = { status: 409, body: problem(signRejection({ id: envelope.id, digest, reason: 'sealed-box', rejectedAt: at }, { kid: 'p', privateKey: portal.privateKey })).body };
    expect(await courier().deliver(envelope.id)).toBe('queued');
    expect(await store.get(envelope.id)).toBeDefined();
  });
});
