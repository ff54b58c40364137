import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import request from 'supertest';
import { bootCmsFor, cmsSigningKey, FORM_UID, outboxCount, publishForm, sealedEnvelope, type TestCms } from './helpers/cms';
import { startFakePortal, type FakePortal } from './helpers/fake-portal';
import { buildWidget, WIDGET_DIR } from './helpers/widget-bundle';

// Input classes against the real Strapi. The portal here is the contract fake:
// these tests are about what the CMS refuses before anything is forwarded.
const key = cmsSigningKey();
let cms: TestCms;
let portal: FakePortal & { intakePublicKey?: Uint8Array };
const http = () => request(cms.strapi.server.httpServer);
const submit = (body: unknown) => http().post('/api/secure-forms/submissions').set('content-type', 'application/json').send(JSON.stringify(body));

beforeAll(async () => {
  portal = await startFakePortal(key.publicPem, key.keyId);
  cms = await bootCmsFor(portal, key);
  await publishForm(cms.strapi, 'contact-us');
  await publishForm(cms.strapi, 'draft-only', 'draft');
});

afterAll(async () => {
  await cms?.stop();
  await portal?.close();
});

const valid = (over: Record<string, unknown> = {}) =>
  sealedEnvelope({ form: 'contact-us', kid: 'fake-1', publicKey: (portal as unknown as { intakePublicKey: Uint8Array }).intakePublicKey }).then((e) => ({
    ...e,
    ...over,
  }));

describe('POST /api/secure-forms/submissions', () => {
  it('accepts a sealed envelope, forwards it at once and keeps nothing after the receipt', async () => {
    const envelope = await valid();
    const res = await submit(envelope).expect(202);
    expect(res.body).toEqual({ id: envelope.id, status: 'delivered' });
    expect(portal.accepted).toContain(envelope.id);
    expect(await outboxCount(cms.strapi)).toBe(0);
  });

  it('answers the same id the same way and sends it no second time', async () => {
    const envelope = await valid();
    await submit(envelope).expect(202);
    const again = await submit(envelope).expect(202);
    expect(again.body).toEqual({ id: envelope.id, status: 'delivered' });
    expect(portal.accepted.filter((id) => id === envelope.id)).toHaveLength(1);
  });

  it('refuses a different envelope reusing an id with 409', async () => {
    const envelope = await valid();
    await submit(envelope).expect(202);
    const other = await valid({ id: envelope.id });
    const res = await submit(other).expect(409);
    expect(res.body.error.message).toMatch(/already received/);
  });

  it('refuses a form at once once it is unpublished or deleted, though published forms are cached', async () => {
    const form = await publishForm(cms.strapi, 'short-lived');
    const to = (slug: string) => sealedEnvelope({ form: slug, kid: 'fake-1', publicKey: (portal as unknown as { intakePublicKey: Uint8Array }).intakePublicKey });
    await submit(await to('short-lived')).expect(202);
    await cms.strapi.documents(FORM_UID).unpublish({ documentId: form.documentId });
    expect((await submit(await to('short-lived')).expect(404)).body.error.message).toMatch(/No published form/);
    await cms.strapi.documents(FORM_UID).publish({ documentId: form.documentId });
    await submit(await to('short-lived')).expect(202);
    await cms.strapi.documents(FORM_UID).delete({ documentId: form.documentId });
    await submit(await to('short-lived')).expect(404);
  });

  describe('bad input gets its status and leaves no row', () => {
    const cases: Array<[string, () => Promise<request.Response>, number, RegExp]> = [
      ['not JSON (text/plain)', async () => http().post('/api/secure-forms/submissions').set('content-type', 'text/plain').send('hello'), 415, /application\/json/],
      ['form-encoded', async () => http().post('/api/secure-forms/submissions').type('form').send({ v: '1' }), 415, /application\/json/],
      [
        'multipart, malformed',
        async () => http().post('/api/secure-forms/submissions').set('content-type', 'multipart/form-data; boundary=x').send('--x\r\nnot a part'),
        415,
        /application\/json/,
      ],
      ['an unknown key', async () => submit(await valid({ extra: 'x' })), 400, /envelope/],
      ['a malformed UUID', async () => submit(await valid({ id: 'not-a-uuid' })), 400, /envelope/],
      ['an uppercase UUID', async () => submit(await valid({ id: randomUUID().toUpperCase() })), 400, /envelope/],
      ['bad base64url', async () => submit(await valid({ ct: 'a+b/'.repeat(20) })), 400, /envelope/],
      ['ciphertext under 48 bytes', async () => submit(await valid({ ct: Buffer.alloc(47).toString('base64url') })), 400, /envelope/],
      ['version 2', async () => submit(await valid({ v: 2 })), 400, /envelope/],
      ['a JSON array', async () => submit([1, 2]), 400, /envelope/],
      ['broken JSON', async () => http().post('/api/secure-forms/submissions').set('content-type', 'application/json').send('{"v":1,'), 400, /./],
      ['an unknown form', async () => submit(await valid({ form: 'no-such-form' })), 404, /form/],
      ['an unpublished form', async () => submit(await valid({ form: 'draft-only' })), 404, /form/],
      ['a kid not in the key set', async () => submit(await valid({ kid: 'retired-9' })), 400, /key/],
      ['a body over the size limit', async () => submit(await valid({ ct: Buffer.alloc(70_000).toString('base64url') })), 413, /at most 65536 bytes/],
    ];

    it.each(cases)('%s', async (_name, send, status, message) => {
      const before = await outboxCount(cms.strapi);
      const res = await send();
      expect(res.status).toBe(status);
      expect(res.type).toBe('application/json');
      expect(res.body.error.status).toBe(status);
      expect(res.body.error.message).toMatch(message);
      expect(await outboxCount(cms.strapi)).toBe(before);
    });

    it('names the bad field without echoing its value', async () => {
      const res = await submit(await valid({ id: 'secret-looking-value' })).expect(400);
      expect(res.body.error.details.issues).toEqual([expect.objectContaining({ path: 'id' })]);
      expect(JSON.stringify(res.body)).not.toContain('secret-looking-value');
    });

    it('refuses an oversized chunked body (no Content-Length) with 413', async () => {
      const envelope = await valid({ ct: Buffer.alloc(70_000).toString('base64url') });
      const res = await new Promise<{ status: number; body: { error: { status: number } } }>((resolve, reject) => {
        const server = cms.strapi.server.httpServer;
        const address = server.address();
        const go = (port: number) => {
          // eslint-disable-next-line @typescript-eslint/no-require-imports
          const req = require('node:http').request(
            { host: '127.0.0.1', port, method: 'POST', path: '/api/secure-forms/submissions', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } },
            (r: import('node:http').IncomingMessage) => {
              let text = '';
              r.on('data', (c: Buffer) => (text += c.toString()));
              r.on('end', () => resolve({ status: r.statusCode ?? 0, body: JSON.parse(text) }));
            },
          );
          req.on('error', reject);
          req.end(JSON.stringify(envelope));
        };
        if (address && typeof address === 'object') go(address.port);
        else server.listen(0, '127.0.0.1', () => go((server.address() as import('node:net').AddressInfo).port));
      });
      expect(res.status).toBe(413);
      expect(res.body.error.status).toBe(413);
    });
  });
});

describe('GET /api/secure-forms/widget/:file', () => {
  beforeAll(() => buildWidget());

  it('serves the built widget as JavaScript that other origins may embed', async () => {
    const res = await http().get('/api/secure-forms/widget/secure-forms.js').expect(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(res.headers['cache-control']).toBe('public, max-age=3600');
    const chunk = fs.readdirSync(WIDGET_DIR).find((f) => /^secure-forms-libsodium-wrappers-[A-Z0-9]{8}\.mjs$/.test(f))!;
    const hashed = await http().get(`/api/secure-forms/widget/${chunk}`).expect(200);
    expect(hashed.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('serves nothing else', async () => {
    for (const name of ['..%2Fpackage.json', '..%2F..%2Fpackage.json', 'nope.js', 'secure-forms.js.map', '.hidden.js']) {
      await http().get(`/api/secure-forms/widget/${name}`).expect(404);
    }
  });
});
