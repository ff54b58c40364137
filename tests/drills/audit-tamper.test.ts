import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Stack } from '../helpers/stack';
import { startPortalOnly } from './support/portal-only';
import { portalCli } from './support/portal-cli';
import { withPortalDb } from './support/portal-db';
import { signInAs } from './support/staff';

/**
 * Drill: someone with database superuser rights edits, deletes or reorders
 * audit rows, or cuts the newest rows off the end. `npm run portal -- audit verify`
 * must fail and name the first broken row; the cut, which leaves a valid but
 * shorter chain, is named by the signed checkpoint the portal wrote at shutdown
 * (outside the database). Each tampering runs on its own copy of the stack's PGlite data.
 */
describe('drill: audit log tampered with', () => {
  let stack: Stack;
  let pristine: string;
  const copies: string[] = [];

  beforeAll(async () => {
    stack = await startPortalOnly();
    // A few audited actions on top of the first-run rows.
    const auditor = await signInAs(stack, 'auditor');
    await auditor.call('GET', '/api/audit?limit=5');
    await stack.stop('portal');
    pristine = path.join(stack.home, 'data', 'portal-pglite');
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
    for (const c of copies) fs.rmSync(c, { recursive: true, force: true });
  });

  async function tampered(sql: string[]): Promise<{ code: number; out: string }> {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-tamper-'));
    copies.push(copy);
    fs.cpSync(pristine, copy, { recursive: true });
    await withPortalDb(stack.home, async (dbs) => {
      await dbs.owner.transaction(async (tx) => {
        await tx.query('ALTER TABLE audit_events DISABLE TRIGGER USER');
        for (const s of sql) await tx.query(s);
        await tx.query('ALTER TABLE audit_events ENABLE TRIGGER USER');
      });
    }, { PORTAL_PGLITE_DIR: copy });
    const res = await portalCli(stack, ['audit', 'verify'], { PORTAL_PGLITE_DIR: copy });
    return { code: res.code, out: `${res.stdout}\n${res.stderr}` };
  }

  it('verifies the untouched chain', async () => {
    const res = await portalCli(stack, ['audit', 'verify']);
    expect(res.code).toBe(0);
  }, 60_000);

  it('names an edited row', async () => {
    const r = await tampered([`UPDATE audit_events SET outcome = 'failure' WHERE seq = 3`]);
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/\b3\b/);
    expect(r.out).toMatch(/hash-mismatch|edited|hash/i);
  }, 60_000);

  it('names the row after a deleted one', async () => {
    const r = await tampered([`DELETE FROM audit_events WHERE seq = 4`]);
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/\b5\b/);
    expect(r.out).toMatch(/seq-gap|gap|missing|deleted/i);
  }, 60_000);

  it('names rows cut off the end after the last signed checkpoint', async () => {
    const intact = await portalCli(stack, ['audit', 'verify']);
    expect(intact.stdout).toMatch(/last checkpoint: #\d+ [0-9a-f]{16}… at \S+ signed by audit-\S+: signature verified/);
    const r = await tampered([`DELETE FROM audit_events WHERE seq > (SELECT max(seq) - 3 FROM audit_events)`]);
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/checkpoint-truncated/);
  }, 60_000);

  it('names reordered rows', async () => {
    const r = await tampered([
      `UPDATE audit_events SET seq = -1 WHERE seq = 3`,
      `UPDATE audit_events SET seq = 3 WHERE seq = 4`,
      `UPDATE audit_events SET seq = 4 WHERE seq = -1`,
    ]);
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/\b3\b/);
    expect(r.out).toMatch(/prev-mismatch|hash-mismatch|order|link/i);
  }, 60_000);
});
