import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import { bootCms, type TestCms } from './helpers/strapi';

// A real S3-compatible server on loopback; the CMS talks to it through
// @strapi/provider-upload-aws-s3 exactly as it would talk to a bucket in production.
let s3: S3rver;
let s3Dir: string;
let endpoint: string;
let cms: TestCms;

beforeAll(async () => {
  s3Dir = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-s3-'));
  s3 = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: s3Dir, configureBuckets: [{ name: 'palisade-media', configs: [] }] });
  const { port } = await s3.run();
  endpoint = `http://127.0.0.1:${port}`;
  cms = await bootCms({
    CMS_S3_BUCKET: 'palisade-media',
    CMS_S3_ENDPOINT: endpoint,
    CMS_S3_REGION: 'us-east-1',
    CMS_S3_ACCESS_KEY_ID: 'S3RVER',
    CMS_S3_SECRET_ACCESS_KEY: 'S3RVER',
    CMS_S3_FORCE_PATH_STYLE: 'true',
  });
});

afterAll(async () => {
  await cms?.stop();
  await s3?.close();
  fs.rmSync(s3Dir, { recursive: true, force: true });
});

it('stores an uploaded image in the S3 bucket and serves it back byte for byte', async () => {
  const bytes = crypto.randomBytes(4096);
  const file = path.join(cms.home, 'clinic-photo.png');
  fs.writeFileSync(file, bytes);

  const [uploaded] = await cms.strapi
    .plugin('upload')
    .service('upload')
    .upload({
      data: { fileInfo: { name: 'clinic-photo.png', alternativeText: 'The clinic entrance' } },
      files: { filepath: file, originalFilename: 'clinic-photo.png', mimetype: 'image/png', size: bytes.length },
    });

  expect(uploaded.provider).toBe('aws-s3');
  expect(uploaded.url.startsWith(`${endpoint}/palisade-media/`)).toBe(true);
  const res = await fetch(uploaded.url);
  expect(res.status).toBe(200);
  expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
});
