import path from 'node:path';
import knex from 'knex';
import request from 'supertest';
import { bootCms, type TestCms } from '../../../cms/test/helpers/strapi';
import { bearer, verifiedAdmin, type VerifiedAdmin } from './helpers/mfa';

// API-token calls are audited off the request path (buffered, written in batches
// by one writer): the trail must still hold every call, in a verifiable chain,
// whenever anyone reads it, and after a shutdown.
const DAY = 86_400_000;
let cms: TestCms;
let admin: VerifiedAdmin;
const http = () => request(cms.strapi.server.httpServer);
const as = (r: request.Test) => r.set(bearer(admin.token));

async function newToken(name: string): Promise<{ id: number; accessKey: string }> {
  const res = await as(http().post('/admin/api-tokens')).send({ name, type: 'read-only', lifespan: 7 * DAY }).expect(201);
  return { id: res.body.data.id, accessKey: res.body.data.accessKey };
}

beforeAll(async () => {
  cms = await bootCms();
  admin = await verifiedAdmin(cms.strapi);
});
afterAll(async () => {
  await cms?.stop();
});

describe('API-token audit records, buffered', () => {
  it('every call is in the trail as soon as the trail is read, and the chain verifies', async () => {
    const token = await newToken('reader');
    await Promise.all(Array.from({ length: 25 }, () => http().get('/api/faqs').set(bearer(token.accessKey)).expect(200)));
    await http().get('/api/faqs').set(bearer('not-a-real-token')).expect(401);

    const uses = await as(http().get('/hardening/audit')).query({ action: 'api-token.use', actorId: String(token.id) }).expect(200);
    expect(uses.body.pagination.total).toBe(25);
    const rejected = await as(http().get('/hardening/audit')).query({ action: 'api-token.rejected' }).expect(200);
    expect(rejected.body.pagination.total).toBe(1);
    const verified = await as(http().get('/hardening/audit/verify')).expect(200);
    expect(verified.body.data).toEqual(expect.objectContaining({ ok: true }));
  });

  it('calls still buffered when the CMS shuts down are written before the database closes', async () => {
    const token = await newToken('late-reader');
    for (let i = 0; i < 3; i++) await http().get('/api/faqs').set(bearer(token.accessKey)).expect(200);
    const file = path.join(cms.home, 'data', 'cms.db');
    const { strapi } = cms;
    await strapi.destroy();
    strapi.destroy = async () => {}; // cms.stop() below only cleans up

    const db = knex({ client: 'better-sqlite3', connection: { filename: file, options: { readonly: true } }, useNullAsDefault: true });
    try {
      const n = await db('hardening_audit_events').where({ action: 'api-token.use', actor_id: String(token.id) }).count({ n: '*' }).first();
      expect(Number(n?.n)).toBe(3);
    } finally {
      await db.destroy();
    }
  });
});
