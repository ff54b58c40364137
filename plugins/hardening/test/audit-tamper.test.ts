import { spawnSync } from 'node:child_process';
import path from 'node:path';
import request from 'supertest';
import { bootCms, type TestCms } from '../../../cms/test/helpers/strapi';
import { bearer, verifiedAdmin, type VerifiedAdmin } from './helpers/mfa';

let cms: TestCms;
let admin: VerifiedAdmin;
const http = () => request(cms.strapi.server.httpServer);
const table = () => cms.strapi.db.connection('hardening_audit_events');

beforeAll(async () => {
  cms = await bootCms();
  admin = await verifiedAdmin(cms.strapi);
  for (let i = 0; i < 4; i++) {
    await http().post('/content-manager/collection-types/api::faq.faq').set(bearer(admin.token)).send({ question: `q${i}`, answer: 'a' }).expect(201);
  }
});
afterAll(async () => {
  await cms?.stop();
});

const verify = async () => (await http().get('/hardening/audit/verify').set(bearer(admin.token)).expect(200)).body.data;

describe('tamper detection', () => {
  it('names the row whose content was changed', async () => {
    const rows = await table().select('seq', 'action').orderBy('seq');
    const target = rows[3];
    await table().where({ seq: target.seq }).update({ action: 'nothing-to-see' });
    expect(await verify()).toEqual(expect.objectContaining({ ok: false, brokenAt: target.seq, reason: 'hash-mismatch' }));
    await table().where({ seq: target.seq }).update({ action: target.action });
    expect((await verify()).ok).toBe(true);
  });

  it('names the row after one that was deleted', async () => {
    const rows = await table().select('seq').orderBy('seq');
    await table().where({ seq: rows[2].seq }).delete();
    const result = await verify();
    expect(result).toEqual(expect.objectContaining({ ok: false, brokenAt: rows[3].seq, reason: 'seq-gap' }));
    expect(result.message).toBe(`Audit row #${rows[3].seq} follows a gap in the sequence (rows are missing before it).`);
  });

  it('the verify-audit command names the same row and exits non-zero', () => {
    const bin = path.resolve(__dirname, '..', 'bin', 'verify-audit');
    const res = spawnSync(process.execPath, [bin], {
      env: { ...process.env, PALISADE_HOME: cms.home, NODE_ENV: 'test', LOG_LEVEL: 'silent', CMS_SEED_DEMO: 'false', CMS_OUTBOX_SWEEP_CRON: 'off', CMS_DORMANT_SWEEP_CRON: 'off' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(res.stdout).toMatch(/Audit row #\d+ follows a gap/);
    expect(res.status).toBe(1);
  });
});
