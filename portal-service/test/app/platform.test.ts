import sodium = require('libsodium-wrappers-sumo');
import { verifyKeySet, type KeySetDocument } from '@palisade/protocol';
import { buildTestApps, type TestApps } from '../helpers/apps';
import { testDatabases } from '../helpers/databases';

describe.each(testDatabases())('portal platform on $name', (database) => {
  let t: TestApps;

  beforeAll(async () => {
    t = await buildTestApps({ database, configure: (c) => ({ ...c, rateLimitMax: 25 }) });
  });
  afterAll(async () => t?.close());

  it('both listeners answer /healthz after checking their own database handle', async () => {
    for (const app of [t.staff, t.intake]) {
      const res = await app.inject({ method: 'GET', url: '/healthz' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ status: 'ok' });
    }
  });

  it('decorates each listener with its own role handle only', async () => {
    const role = async (db: { query<R>(sql: string): Promise<{ rows: R[] }> }) => (await db.query<{ r: string }>('SELECT current_user AS r')).rows[0]?.r;
    expect(await role(t.staff.db)).toBe('portal_app');
    expect(await role(t.intake.db)).toBe('portal_ingest');
  });

  it('serves a signed key set that verifies against the pinned fingerprint, with short caching', async () => {
    await sodium.ready;
    const res = await t.staff.inject({ method: 'GET', url: '/intake/keys' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=60');
    const pin = await t.staff.keys.keySetFingerprint();
    const verified = await verifyKeySet(sodium, res.json<KeySetDocument>(), pin, { now: t.clock.now() });
    expect(verified).toMatchObject({ ok: true });
  });

  it('allows cross-origin reads of the key set from the configured site origins only', async () => {
    const allowed = await t.staff.inject({ method: 'GET', url: '/intake/keys', headers: { origin: 'http://www.localhost:1337' } });
    expect(allowed.headers['access-control-allow-origin']).toBe('http://www.localhost:1337');
    const other = await t.staff.inject({ method: 'GET', url: '/intake/keys', headers: { origin: 'https://evil.example' } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    const staffApi = await t.staff.inject({ method: 'GET', url: '/healthz', headers: { origin: 'http://www.localhost:1337' } });
    expect(staffApi.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('sends a strict CSP and the other helmet headers on the staff listener', async () => {
    const res = await t.staff.inject({ method: 'GET', url: '/healthz' });
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('publishes the OpenAPI document built from the route schemas', async () => {
    const res = await t.staff.inject({ method: 'GET', url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    expect(res.json().paths).toHaveProperty('/intake/keys');
    expect(res.json().paths).not.toHaveProperty('/internal/intake');
  });

  it('limits requests per client on the staff listener with a 429 problem', async () => {
    let last = await t.staff.inject({ method: 'GET', url: '/healthz', remoteAddress: '10.9.9.9' });
    for (let i = 0; i < 30 && last.statusCode !== 429; i++) last = await t.staff.inject({ method: 'GET', url: '/healthz', remoteAddress: '10.9.9.9' });
    expect(last.statusCode).toBe(429);
    expect(last.headers['content-type']).toMatch(/problem\+json/);
    expect(last.json()).toMatchObject({ type: 'urn:palisade:problem:rate-limited', status: 429 });
    expect(last.headers['retry-after']).toBeDefined();
    expect((await t.staff.inject({ method: 'GET', url: '/healthz', remoteAddress: '10.9.9.10' })).statusCode).toBe(200);
  });

  it('request logs carry no headers, query strings or bodies', async () => {
    await t.staff.inject({ method: 'GET', url: '/intake/keys?token=CANARY-query', headers: { cookie: '__Host-palisade_session=CANARY-cookie', authorization: 'Bearer CANARY-auth' } });
    const text = t.logs.join('');
    expect(text).toContain('/intake/keys');
    expect(text).not.toContain('CANARY');
  });
});
