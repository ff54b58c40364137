import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import sodium = require('libsodium-wrappers');
import { parseDefinition } from '../widget/src/definition';
import { encryptSubmission, fetchKeySet } from '../widget/src/encrypt';
import { bootCmsFor, outboxCount, publishForm, type TestCms } from './helpers/cms';
import { captureStdout, captureStrapiLog } from './helpers/log-capture';
import { startRealPortal, type RealPortal } from './helpers/real-portal';

// Answers with a canary go through the widget's own code path, the real CMS
// (debug logging on) and the real portal. The CMS must never hold the canary,
// in its database file, its logs or any answer; the portal must be able to open it.
const CANARY = `CANARY-${Date.now()}-c4n4ry`;
let portal: RealPortal;
let cms: TestCms;
let dataDir: string;
let logs: ReturnType<typeof captureStdout>;
const responses: string[] = [];

beforeAll(async () => {
  await sodium.ready;
  portal = await startRealPortal(['new-patient-intake']);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-canary-'));
  logs = captureStdout();
  cms = await bootCmsFor(portal, portal.cmsKey, { LOG_LEVEL: 'debug', CMS_DATABASE_FILENAME: path.join(dataDir, 'cms.db') });
  await publishForm(cms.strapi, 'new-patient-intake');
}, 120_000);

afterAll(async () => {
  await cms?.stop();
  logs?.restore();
  await portal?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('canary: answers sealed by the widget code path', () => {
  it('are delivered to the portal, which opens them; the CMS never holds the plaintext', async () => {
    const log = captureStrapiLog(cms.strapi);
    const http = () => request(cms.strapi.server.httpServer);
    const keep = (res: request.Response) => {
      responses.push(JSON.stringify(res.headers) + res.text);
      return res;
    };

    // What the widget does: the definition from the CMS, the key set from the portal, seal, post.
    const listed = keep(await http().get('/api/secure-forms').query({ 'filters[slug][$eq]': 'new-patient-intake', populate: 'fields' }).expect(200));
    const definition = parseDefinition(listed.body.data[0]);
    // Re-parsed here: Node's fetch builds objects in another realm than jest's, which canonical JSON refuses.
    const document: unknown = JSON.parse(JSON.stringify(await fetchKeySet(portal.url)));
    const envelope = await encryptSubmission(definition, { name: `${CANARY} Ada`, reason: `${CANARY} knee pain` }, { document, pin: portal.pin }, { sodium });
    const posted = keep(await http().post('/api/secure-forms/submissions').send(envelope).expect(202));
    expect(posted.body).toEqual({ id: envelope.id, status: 'delivered' });
    keep(await http().post('/api/secure-forms/submissions').send(envelope).expect(202));

    // The portal stored it and opens it with its own key.
    expect(await portal.storedIds()).toEqual([envelope.id]);
    const opened = await portal.open(envelope.id);
    expect(opened.form).toBe('new-patient-intake');
    expect(opened.answers).toEqual({ name: `${CANARY} Ada`, reason: `${CANARY} knee pain` });
    expect(await outboxCount(cms.strapi)).toBe(0);

    // The admin's view of the CMS: counts only.
    const status = await cms.strapi.plugin('secure-forms').service('status').summary();
    responses.push(JSON.stringify(status));

    // The CMS database file (and any journal beside it), byte for byte.
    const files = fs.readdirSync(dataDir).map((f) => path.join(dataDir, f));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(fs.readFileSync(file).includes(Buffer.from(CANARY))).toBe(false);

    // Its logs at debug level: the request lines are there, the canary is not.
    expect((cms.strapi.log as unknown as { level: string }).level).toBe('debug');
    const text = log.text() + logs.text();
    expect(log.text()).toMatch(/POST \/api\/secure-forms\/submissions/);
    expect(text).not.toContain(CANARY);
    expect(text).not.toContain(envelope.ct.slice(0, 32));

    // Any answer it gave.
    for (const r of responses) expect(r).not.toContain(CANARY);
  });
});
