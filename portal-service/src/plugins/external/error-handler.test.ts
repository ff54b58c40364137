import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ProblemError } from '../../http/problem';
import errorHandler from './error-handler';

async function app() {
  const lines: string[] = [];
  const f = Fastify({ logger: { level: 'info', stream: { write: (l: string) => void lines.push(l) } } });
  f.setValidatorCompiler(validatorCompiler);
  f.setSerializerCompiler(serializerCompiler);
  await f.register(errorHandler);
  const z4 = f.withTypeProvider<ZodTypeProvider>();
  z4.get('/boom', async () => {
    throw new Error('connection to db at 10.0.0.5 failed: password authentication for CANARY');
  });
  z4.get('/db-down', async () => {
    throw Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), { code: 'ECONNREFUSED' });
  });
  z4.get('/db-restarting', async () => {
    throw Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
  });
  z4.get('/db-closed', async () => {
    throw Object.assign(new Error('database "portal" is not currently accepting connections'), { code: '55000' });
  });
  z4.post('/typed', { schema: { body: z.strictObject({ email: z.email(), age: z.number().int() }) } }, async () => ({ ok: true }));
  z4.get('/problem', async () => {
    throw new ProblemError('unprocessable', 'The form is not registered.', 'unknown-form');
  });
  z4.get('/locked', async () => {
    throw Object.assign(new Error('This account is locked.'), { statusCode: 423, headers: { 'retry-after': '600' } });
  });
  z4.get('/leaky', { schema: { response: { 200: z.strictObject({ id: z.string() }) } } }, async () => ({ id: 'x', secret: 'CANARY' }) as never);
  return { f, logs: () => lines.join('') };
}

describe('the one error handler', () => {
  it('answers 503 with Retry-After, and no detail of the failure, when the database cannot be reached', async () => {
    const { f } = await app();
    for (const url of ['/db-down', '/db-restarting', '/db-closed']) {
      const res = await f.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.json()).toMatchObject({ type: 'urn:palisade:problem:unavailable', status: 503 });
      expect(res.body).not.toMatch(/10\.0\.0\.5|ECONNREFUSED|administrator/);
    }
  });

  it('a 5xx says nothing but a fixed sentence and the request id; the log has the error without its message text leaking to the client', async () => {
    const { f } = await app();
    const res = await f.inject({ method: 'GET', url: '/boom' });
    expect(res.statusCode).toBe(500);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.json();
    expect(body).toEqual({ type: 'about:blank', title: 'Internal Server Error', status: 500, detail: expect.any(String), requestId: expect.any(String) });
    expect(res.body).not.toMatch(/CANARY|10\.0\.0\.5|at .*\.ts/);
  });

  it('a validation error names the fields and the rule, never the submitted values', async () => {
    const { f } = await app();
    const res = await f.inject({ method: 'POST', url: '/typed', payload: { email: 'not-an-email-CANARY', age: 'CANARY-age', extra: 1 } });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.type).toBe('urn:palisade:problem:schema');
    expect(body.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['/body/email', '/body/age']));
    expect(res.body).not.toContain('CANARY');
  });

  it('malformed JSON gets a fixed 400 sentence that does not quote the body', async () => {
    const { f } = await app();
    const res = await f.inject({ method: 'POST', url: '/typed', headers: { 'content-type': 'application/json' }, payload: '{"email": CANARY' });
    expect(res.statusCode).toBe(400);
    expect(res.body).not.toContain('CANARY');
  });

  it('protocol problems keep their type and reason; 4xx errors keep their message and headers', async () => {
    const { f } = await app();
    expect((await f.inject({ method: 'GET', url: '/problem' })).json()).toMatchObject({ type: 'urn:palisade:problem:unprocessable', status: 422, reason: 'unknown-form' });
    const locked = await f.inject({ method: 'GET', url: '/locked' });
    expect(locked.statusCode).toBe(423);
    expect(locked.headers['retry-after']).toBe('600');
    expect(locked.json().detail).toBe('This account is locked.');
  });

  it('a response with an unlisted field is a 500, not a leak', async () => {
    const { f } = await app();
    const res = await f.inject({ method: 'GET', url: '/leaky' });
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('CANARY');
  });

  it('unknown routes are 404 problems', async () => {
    const { f } = await app();
    const res = await f.inject({ method: 'GET', url: '/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ status: 404, title: 'Not Found' });
  });
});
