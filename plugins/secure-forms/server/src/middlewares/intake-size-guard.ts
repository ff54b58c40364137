import type { Context, Next } from 'koa';

/**
 * Installed ahead of Strapi's body parser (from register), so an oversized
 * envelope is refused from its Content-Length before a byte of it is read,
 * with Strapi's JSON error shape rather than the parser's own failure. Bodies
 * without a length (chunked) are measured again by the controller.
 */
export default (options: { path: string; maxBytes: number }) => async (ctx: Context, next: Next) => {
  if (ctx.method === 'POST' && ctx.path === options.path) {
    const header = ctx.get('content-length');
    if (header !== '' && !(Number(header) <= options.maxBytes)) {
      ctx.set('Connection', 'close');
      ctx.payloadTooLarge(`A submission may be at most ${options.maxBytes} bytes`);
      return;
    }
  }
  await next();
};
