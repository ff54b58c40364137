import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import { withAccessControl } from '../routes/staff-api';
import uiSupport from '../routes/ui-support';
import { buildUi, uiBuildIsStale, UI_DIST_DIR } from './build';

export interface UiPluginOptions {
  /** Folder holding index.html and assets/ (default: portal-service/ui/dist). */
  distDir?: string;
  /**
   * Build the UI at start when it is missing or older than its sources.
   * Default: outside production only; production serves what was built.
   */
  buildIfStale?: boolean;
  /**
   * Also register the UI's support API (`/api/ui/*`) behind the staff API's
   * access gate. Default true; needs the app plugins (`app.identity`).
   */
  supportRoutes?: boolean;
}

/** Client-side routes of the single page; each answers the same index.html. */
export const UI_ROUTES = ['/', '/signin', '/enroll', '/inbox', '/submissions/:id', '/audit', '/admin/staff', '/admin/clinics', '/account'] as const;

const TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** Assets are content-hashed: a new build has new names, so a year of caching is safe. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

function loadAssets(dir: string): Map<string, { body: Buffer; type: string }> {
  const assets = new Map<string, { body: Buffer; type: string }>();
  for (const name of fs.readdirSync(dir)) {
    const type = TYPES[path.extname(name)];
    if (type) assets.set(name, { body: fs.readFileSync(path.join(dir, name)), type });
  }
  return assets;
}

/**
 * Moves a finished build into place for the next start; best effort, since
 * this process already holds its files in memory and another may be doing
 * the same at the same moment.
 */
function publishBuild(from: string, to: string): void {
  const staged = `${to}.new-${process.pid}`;
  const old = `${to}.old-${process.pid}`;
  try {
    fs.cpSync(from, staged, { recursive: true });
    if (fs.existsSync(to)) fs.renameSync(to, old);
    fs.renameSync(staged, to);
  } catch {
    // Someone else published at the same time; their build is as good as ours.
  } finally {
    for (const dir of [staged, old, from]) fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Serves the staff UI on the staff listener: the page shell for the client
 * routes (never cached, never kept for back/forward, so a signed-out browser
 * cannot show an old page) and the hashed assets. Everything is read into
 * memory at start: a handful of small files, looked up by exact name, so no
 * request path ever reaches the file system.
 */
const uiPlugin: FastifyPluginAsync<UiPluginOptions> = async (app, opts) => {
  const distDir = opts.distDir ?? UI_DIST_DIR;
  const buildIfStale = opts.buildIfStale ?? process.env.NODE_ENV !== 'production';
  let serveDir = distDir;
  let scratch: string | undefined;
  if (buildIfStale && uiBuildIsStale(distDir)) {
    // Built privately first: several processes (parallel test workers) may start at once.
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-ui-'));
    const built = await buildUi({ outDir: scratch });
    serveDir = scratch;
    app.log.info({ assets: built.assets }, 'staff UI built');
  }
  const indexFile = path.join(serveDir, 'index.html');
  if (!fs.existsSync(indexFile)) {
    throw new Error(`the staff UI is not built (${indexFile} is missing): run "node portal-service/dist/ui/build.js"`);
  }
  const index = fs.readFileSync(indexFile);
  const assets = loadAssets(path.join(serveDir, 'assets'));
  if (scratch) publishBuild(scratch, distDir);

  const sendShell = (reply: FastifyReply) =>
    reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('x-robots-tag', 'noindex, nofollow')
      .send(index);

  for (const url of UI_ROUTES) {
    app.get(url, { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) => sendShell(reply));
  }

  if (opts.supportRoutes ?? true) {
    await app.register(withAccessControl(uiSupport), { prefix: '/api/ui' });
  }

  app.get<{ Params: { name: string } }>('/assets/:name', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const asset = assets.get(request.params.name);
    if (!asset) return reply.callNotFound();
    return reply.header('content-type', asset.type).header('cache-control', IMMUTABLE).send(asset.body);
  });
};

export default fp(uiPlugin, { name: 'palisade-staff-ui', fastify: '5.x' });
