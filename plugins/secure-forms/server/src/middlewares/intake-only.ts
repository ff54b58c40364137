import type { Context, Next } from 'koa';

type Middleware = (ctx: Context, next: Next) => Promise<void>;

/** Runs a middleware for intake POSTs only; everything else passes straight through. */
export default (path: string, middleware: Middleware): Middleware =>
  async (ctx, next) => {
    if (ctx.method === 'POST' && ctx.path === path) return middleware(ctx, next);
    return next();
  };
