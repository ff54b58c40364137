import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chainHash, GENESIS_HASH } from '@palisade/protocol';
import { createBackup } from '../../src/backup/backup';
import { chainLinkage } from '../../src/backup/chain-linkage';
import { restoreBackup, RestoreRefused } from '../../src/backup/restore';
import type { ScriptDb } from '../../src/db/types';
import { testDatabases, type OpenedTestDatabase } from '../helpers/databases';

const quiet = () => undefined;

async function seed(db: ScriptDb): Promise<{ submissionId: string; ciphertext: Buffer }> {
  const clinic = crypto.randomUUID();
  const submissionId = crypto.randomUUID();
  const ciphertext = crypto.randomBytes(120);
  await db.transaction(async (tx) => {
    await tx.query(`INSERT INTO clinics (id, code, name) VALUES ($1, 'riverside', 'Riverside')`, [clinic]);
    await tx.query(`INSERT INTO forms (slug, clinic_id, title, definition) VALUES ('intake', $1, 'Intake', '[{"key":"a","label":"A"}]'::jsonb)`, [clinic]);
    await tx.query(`INSERT INTO keys (kid, purpose, public_key, private_wrapped, current) VALUES ('k1', 'intake', $1, $2, true)`, [crypto.randomBytes(32), crypto.randomBytes(80)]);
    await tx.query(
      `INSERT INTO submissions (id, form_slug, clinic_id, kid, ciphertext, digest, received_at, received_by, receipt, retention_until)
       VALUES ($1, 'intake', $2, 'k1', $3, 'sha256:x', '2026-01-02T03:04:05.123456Z', 'cms-test-1', '{"id":"x"}'::jsonb, now() + interval '1 day')`,
      [submissionId, clinic, ciphertext],
    );
    let prev: Buffer = GENESIS_HASH;
    for (let seq = 1; seq <= 520; seq++) {
      const hash = chainHash(prev, { seq, event: 'test.event' });
      await tx.query(
        `INSERT INTO audit_events (seq, at, event, outcome, actor_type, action, service, prev_hash, hash) VALUES ($1, now(), 'test.event', 'success', 'system', 'R', 'portal-cli', $2, $3)`,
        [seq, prev, hash],
      );
      prev = hash;
    }
  });
  return { submissionId, ciphertext };
}

describe.each(testDatabases())('encrypted backup and restore on $name', (database) => {
  let source: OpenedTestDatabase;
  let target: OpenedTestDatabase;
  let dir: string;
  let file: string;
  const key = crypto.randomBytes(32);
  let seeded: { submissionId: string; ciphertext: Buffer };

  beforeAll(async () => {
    source = await database.open();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-backup-'));
    file = path.join(dir, 'portal.backup');
    seeded = await seed(source.dbs.owner);
    const lines: string[] = [];
    const summary = await createBackup(source.dbs.owner, file, key, new Date(), (l) => lines.push(l));
    expect(summary.counts.audit_events).toBe(520);
    expect(lines.some((l) => l.includes('audit_events 520/520'))).toBe(true);
  }, 120_000);

  afterAll(async () => {
    await source?.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    target = await database.open();
  });
  afterEach(async () => {
    await target.cleanup();
  });

  const count = async (table: string) => Number((await target.dbs.owner.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${table}`)).rows[0]?.n);

  it('holds no ciphertext or labels in clear', () => {
    const bytes = fs.readFileSync(file);
    expect(bytes.includes(seeded.ciphertext.subarray(0, 32))).toBe(false);
    expect(bytes.includes(Buffer.from('Riverside'))).toBe(false);
    expect(bytes.includes(Buffer.from(seeded.ciphertext.toString('hex').slice(0, 40)))).toBe(false);
  });

  it('restores every row exactly into a fresh database and verifies the chain', async () => {
    const summary = await restoreBackup(target.dbs.owner, file, key, chainLinkage, quiet);
    expect(summary.chainRows).toBe(520);
    const row = await target.dbs.owner.query<{ ciphertext: unknown; received_at: unknown }>(
      `SELECT ciphertext, received_at::text AS received_at FROM submissions WHERE id = $1`,
      [seeded.submissionId],
    );
    expect(Buffer.from(row.rows[0]!.ciphertext as Uint8Array).equals(seeded.ciphertext)).toBe(true);
    expect(String(row.rows[0]!.received_at)).toContain('03:04:05.123456');
    expect(await count('audit_events')).toBe(520);
  });

  it.each([
    ['a flipped byte in the middle', (b: Buffer) => { b[Math.floor(b.length / 2)]! ^= 1; return b; }],
    ['a truncated file', (b: Buffer) => b.subarray(0, b.length - 10)],
    ['bytes appended after the end', (b: Buffer) => Buffer.concat([b, Buffer.from('x')])],
  ])('refuses %s and leaves the target empty', async (_name, tamper) => {
    const bad = path.join(dir, `bad-${crypto.randomUUID()}`);
    fs.writeFileSync(bad, tamper(Buffer.from(fs.readFileSync(file))));
    await expect(restoreBackup(target.dbs.owner, bad, key, chainLinkage, quiet)).rejects.toThrow(RestoreRefused);
    expect(await count('submissions')).toBe(0);
    expect(await count('audit_events')).toBe(0);
  });

  it('refuses the wrong key', async () => {
    await expect(restoreBackup(target.dbs.owner, file, crypto.randomBytes(32), chainLinkage, quiet)).rejects.toThrow(RestoreRefused);
  });

  it('refuses a target that already holds data', async () => {
    await seed(target.dbs.owner);
    await expect(restoreBackup(target.dbs.owner, file, key, chainLinkage, quiet)).rejects.toThrow(/not empty/);
  });

  it('rolls back when the audit chain verifier names a broken row', async () => {
    // A check that always fails stands for any verifier naming a broken row: the restore must roll back.
    await expect(
      restoreBackup(target.dbs.owner, file, key, async () => ({ ok: false, detail: 'hash-mismatch at row 7' }), quiet),
    ).rejects.toThrow(/row 7/);
    expect(await count('audit_events')).toBe(0);
  });
});
