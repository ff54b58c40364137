import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { canonicalBytes } from '@palisade/protocol';
import { AuditChainer } from '../../src/audit/chainer';
import { checkpointFile, chainId, type Checkpoint } from '../../src/audit/checkpoint';
import { CheckpointSigner, currentCheckpointKeyPem } from '../../src/audit/checkpoint-key';
import { verifyAuditChain } from '../../src/audit/verify';
import { appendAudit } from '../../src/audit/writer';
import { FakeClock } from '../../src/clock';
import { kmsFromConfig } from '../../src/keys/kms';
import { testDatabases, type OpenedTestDatabase } from '../helpers/databases';

const append = (t: OpenedTestDatabase, i: number) =>
  t.dbs.app.transaction((tx) =>
    appendAudit(tx, { event: 'submission.read', outcome: 'success', actorType: 'staff', actorId: `staff-${i}`, action: 'R', resourceType: 'submission', resourceId: `s-${i}`, service: 'portal-staff', at: new Date(Date.UTC(2031, 2, 1, 9, 0, i)) }),
  );

/** Tampering as a superuser who also switches off the append-only trigger. */
async function tamper(t: OpenedTestDatabase, sql: string): Promise<void> {
  await t.dbs.owner.transaction(async (tx) => {
    await tx.query('SET LOCAL session_replication_role = replica');
    await tx.query(sql);
  });
}

describe.each(testDatabases())('signed audit checkpoints on $name', ({ open }) => {
  let t: OpenedTestDatabase;
  let dir: string;
  let clock: FakeClock;
  let chainer: AuditChainer;
  const lines = async () => fs.readFileSync(checkpointFile(dir, String(await chainId(t.dbs.owner))), 'utf8').trim().split('\n');
  const verify = () => verifyAuditChain(t.dbs.app, { checkpointDir: dir });

  beforeEach(async () => {
    t = await open();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-checkpoints-'));
    clock = new FakeClock();
    const signer = new CheckpointSigner(t.dbs.owner, await kmsFromConfig(t.config), clock);
    chainer = new AuditChainer(t.dbs.owner, { clock, checkpoints: { signer, dir, everySeconds: 300 } });
    await chainer.start();
    for (let i = 1; i <= 5; i++) await append(t, i);
  });
  afterEach(async () => {
    await chainer.stop().catch(() => undefined);
    await t?.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('signs the first head this process chains at once, then on the interval, and not again while the head stands still', async () => {
    // An auditor verifying right after a start must not wait an interval for a checkpoint.
    await chainer.tick();
    expect(await lines()).toHaveLength(1);
    const first = await verify();
    expect(first).toMatchObject({ ok: true, count: 5, checkpoint: { seq: 5, verified: true } });
    if (first.ok) expect(first.checkpoint?.head).toBe(first.head);

    await append(t, 6);
    await chainer.tick();
    expect(await lines()).toHaveLength(1);

    clock.advance(300);
    await chainer.tick();
    expect(await lines()).toHaveLength(2);
    expect(await verify()).toMatchObject({ ok: true, count: 6, checkpoint: { seq: 6, verified: true } });

    clock.advance(300);
    await chainer.tick();
    expect(await lines()).toHaveLength(2);
  });

  it('carries an Ed25519 signature that verifies offline with the published key', async () => {
    await chainer.flush();
    await chainer.checkpoint();
    const cp = JSON.parse((await lines())[0] ?? '') as Checkpoint;
    const key = await currentCheckpointKeyPem(t.dbs.owner);
    expect(key?.kid).toBe(cp.kid);
    const { kid: _kid, sig, ...body } = cp;
    const pub = crypto.createPublicKey(String(key?.pem));
    expect(crypto.verify(null, canonicalBytes(body), pub, Buffer.from(sig, 'base64'))).toBe(true);
    expect(crypto.verify(null, canonicalBytes({ ...body, seq: body.seq - 1 }), pub, Buffer.from(sig, 'base64'))).toBe(false);
  });

  it('names rows cut off the end after a checkpoint, which the chain alone cannot see', async () => {
    await chainer.flush();
    await chainer.checkpoint();
    await tamper(t, `DELETE FROM audit_events WHERE seq IN (4, 5)`);
    expect(await verifyAuditChain(t.dbs.app)).toMatchObject({ ok: true, count: 3 });
    expect(await verify()).toMatchObject({ ok: false, reason: 'checkpoint-truncated', brokenAt: 5, count: 3, checkpoint: { seq: 5, verified: false } });
    // The portal will not sign a new checkpoint over the shortened chain either.
    await expect(chainer.checkpoint()).rejects.toThrow(/checkpoint-truncated/);
    expect(await lines()).toHaveLength(1);
  });

  it('refuses a checkpoint file that was edited', async () => {
    await chainer.flush();
    await chainer.checkpoint();
    const file = checkpointFile(dir, String(await chainId(t.dbs.owner)));
    const cp = JSON.parse(fs.readFileSync(file, 'utf8')) as Checkpoint;
    // Someone makes the checkpoint claim a shorter chain (to cover a truncation): the signature no longer matches.
    fs.writeFileSync(file, `${JSON.stringify({ ...cp, seq: 3, count: 3 })}\n`);
    expect(await verify()).toMatchObject({ ok: false, reason: 'checkpoint-signature', checkpoint: { seq: 3, verified: false } });
    fs.writeFileSync(file, 'not a checkpoint\n');
    expect(await verify()).toMatchObject({ ok: false, reason: 'checkpoint-unreadable' });
  });
});
