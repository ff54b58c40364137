import fs from 'node:fs/promises';
import path from 'node:path';
import type { Context } from 'koa';

const WIDGET_DIR = path.resolve(__dirname, '..', '..', 'widget');
const FILE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,100}\.(m?js)$/;
// esbuild names split chunks with a content hash: those never change and may be cached for a year.
const HASHED = /-[A-Z0-9]{8}\.m?js$/;

/** GET /api/secure-forms/widget/:file: the built widget files, nothing else. */
export default () => ({
  async serve(ctx: Context) {
    const file = String(ctx.params.file ?? '');
    if (!FILE.test(file)) return ctx.notFound('No such widget file');
    let content: Buffer;
    try {
      content = await fs.readFile(path.join(WIDGET_DIR, file));
    } catch {
      return ctx.notFound('No such widget file');
    }
    ctx.type = 'text/javascript; charset=utf-8';
    ctx.set('Cache-Control', HASHED.test(file) ? 'public, max-age=31536000, immutable' : 'public, max-age=3600');
    ctx.set('X-Content-Type-Options', 'nosniff');
    // Sites on other origins embed the script; helmet's default same-origin policy would block it.
    ctx.set('Cross-Origin-Resource-Policy', 'cross-origin');
    ctx.body = content;
  },
});
