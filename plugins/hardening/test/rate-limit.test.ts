import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import request from 'supertest';
import { bootCms, type TestCms } from '../../../cms/test/helpers/strapi';
import { RedisStore } from '../server/src/rate-limit/stores';

const REDIS_URL = 'redis://127.0.0.1:6379';

function limitTo(cms: TestCms, limits: Partial<Record<'publicPerMinute' | 'intakePerMinute' | 'adminLoginPerMinute', number>>, keyPrefix: string) {
  for (const [k, v] of Object.entries(limits)) cms.strapi.config.set(`plugin::hardening.rateLimit.${k}`, v);
  cms.strapi.config.set('plugin::hardening.rateLimit.keyPrefix', keyPrefix);
}

async function exhaust(cms: TestCms, send: () => request.Test, allowed: number): Promise<request.Response> {
  for (let i = 0; i < allowed; i++) {
    const ok = await send();
    expect(ok.status).not.toBe(429);
  }
  return send();
}

function expectClear429(res: request.Response) {
  expect(res.status).toBe(429);
  expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  expect(res.body.error).toEqual(expect.objectContaining({ status: 429, name: 'RateLimitError' }));
  expect(res.body.error.message).toMatch(/Too many requests/);
}

describe.each([
  ['memory', {}],
  ['redis', { CMS_REDIS_URL: REDIS_URL }],
])('rate limits on the %s store', (kind, env) => {
  let cms: TestCms;
  const http = () => request(cms.strapi.server.httpServer);

  beforeAll(async () => {
    cms = await bootCms(env);
  });
  afterAll(async () => {
    await cms?.stop();
  });

  it(`uses the ${kind} store`, () => {
    expect(cms.strapi.plugin('hardening').service('rate-limiter').storeKind()).toBe(kind);
  });

  it('answers 429 with Retry-After once an IP exceeds the public API limit', async () => {
    limitTo(cms, { publicPerMinute: 3 }, `test:${randomUUID()}:`);
    expectClear429(await exhaust(cms, () => http().get('/api/faqs'), 3));
    // Another kind of request is counted separately.
    const login = await http().post('/admin/login').send({ email: 'nobody@clinic.example', password: 'not the password at all' });
    expect(login.status).not.toBe(429);
  });

  it('limits the secure-forms intake separately and more strictly', async () => {
    limitTo(cms, { intakePerMinute: 2, publicPerMinute: 100 }, `test:${randomUUID()}:`);
    expectClear429(await exhaust(cms, () => http().post('/api/secure-forms/submissions').send({}), 2));
    await http().get('/api/faqs').expect(200);
  });

  it('limits admin sign-in attempts per IP', async () => {
    limitTo(cms, { adminLoginPerMinute: 2 }, `test:${randomUUID()}:`);
    const attempt = () => http().post('/admin/login').send({ email: `x${randomUUID()}@clinic.example`, password: 'wrong password here' });
    expectClear429(await exhaust(cms, attempt, 2));
  });
});

describe('rate limits shared through Redis', () => {
  let cms: TestCms;
  let redis: Redis;

  beforeAll(async () => {
    cms = await bootCms({ CMS_REDIS_URL: REDIS_URL });
    redis = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    redis?.disconnect();
    await cms?.stop();
  });

  it('a request counted by another CMS instance counts here too', async () => {
    const prefix = `test:${randomUUID()}:`;
    limitTo(cms, { publicPerMinute: 5 }, prefix);
    await request(cms.strapi.server.httpServer).get('/api/faqs').expect(200);
    const [key] = await redis.keys(`${prefix}public:*`);
    expect(key).toBeDefined();
    // Another instance (same Redis, same prefix) serves this IP four more times.
    const other = new RedisStore(redis);
    for (let i = 0; i < 4; i++) await other.hit(key!, 60_000);
    const res = await request(cms.strapi.server.httpServer).get('/api/faqs');
    expectClear429(res);
    expect(Number(await redis.get(key!))).toBe(6);
  });
});
