import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { buildUi } from '../../src/ui/build';
import uiPlugin from '../../src/ui';

describe('the staff UI plugin', () => {
  let app: FastifyInstance;
  let dist: string;
  let assets: string[];
  let base: string;
  // Over a real socket: light-my-request's ESM-only cookie dependency does not load under jest.
  const get = async (url: string) => {
    const res = await fetch(`${base}${url}`);
    return { statusCode: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
  };

  beforeAll(async () => {
    dist = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-ui-'));
    assets = (await buildUi({ outDir: dist })).assets;
    app = Fastify();
    await app.register(uiPlugin, { distDir: dist, buildIfStale: false, supportRoutes: false });
    base = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await app.close();
    fs.rmSync(dist, { recursive: true, force: true });
  });

  it.each(['/', '/signin', '/enroll', '/inbox', '/submissions/0b6c1f57-8d5e-4a0e-9d43-7e3c2f1a9b10', '/audit', '/admin/staff', '/account'])(
    'answers the page shell at %s, never cached',
    async (url) => {
      const res = await get(url);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toContain('<main id="main"');
    },
  );

  it('has no inline script or style in the shell, so a strict CSP holds', async () => {
    const html = (await get('/signin')).body;
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style\b|\sstyle=|\son[a-z]+=/i);
  });

  it('serves every asset the shell references, with its type and a year of caching', async () => {
    const html = (await get('/')).body;
    const referenced = [...html.matchAll(/(?:src|href)="\/assets\/([^"]+)"/g)].map((m) => m[1]);
    expect(referenced.sort()).toEqual([...assets].sort());
    for (const name of referenced) {
      const res = await get(`/assets/${name}`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(res.headers['content-type']).toMatch(/^(text\/javascript|text\/css|image\/svg\+xml)/);
    }
  });

  it('answers 404 for unknown assets and never reads outside its folder', async () => {
    for (const url of ['/assets/nope.js', '/assets/..%2F..%2Fpackage.json', '/assets/%2e%2e%2findex.html', '/assets/']) {
      expect((await get(url)).statusCode).toBe(404);
    }
  });

  it('does not answer API paths with the page shell', async () => {
    expect((await get('/api/unknown')).statusCode).toBe(404);
  });
});
