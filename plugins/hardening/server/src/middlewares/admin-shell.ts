import type { Core } from '@strapi/strapi';
import type { Context, Next } from 'koa';
import { Readable } from 'node:stream';

export const PRELOAD_TAG = '<script src="/admin/mfa/panel-preload"></script>';

async function text(body: unknown): Promise<string | undefined> {
  if (typeof body === 'string') return body;
  if (Buffer.isBuffer(body)) return body.toString('utf8');
  if (body instanceof Readable) {
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(Buffer.from(chunk as Buffer));
    return Buffer.concat(chunks).toString('utf8');
  }
  return undefined;
}

/**
 * Application middleware: adds the panel preload script (see
 * assets/mfa/panel-preload.js) to the admin panel's HTML shell, first thing
 * in <head>, so it runs before the panel's modules. Only the shell (a small
 * file) is touched; every other response passes through untouched.
 */
export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) => {
  const adminPath = String(strapi.config.get('admin.path', '/admin'));
  return async (ctx: Context, next: Next) => {
    await next();
    if (ctx.method !== 'GET' || !(ctx.path === adminPath || ctx.path.startsWith(`${adminPath}/`)) || !ctx.response.is('html')) return;
    const html = await text(ctx.body);
    if (html === undefined || !html.includes('<head>') || html.includes(PRELOAD_TAG) || !html.includes('<div id="strapi">')) {
      if (html !== undefined) ctx.body = html;
      return;
    }
    ctx.body = html.replace('<head>', `<head>${PRELOAD_TAG}`);
  };
};
