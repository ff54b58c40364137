import type { Context, Next } from 'koa';

/** Intake speaks JSON only; anything else is refused before it is looked at. */
export default () => async (ctx: Context, next: Next) => {
  if (ctx.is('application/json') !== 'application/json') {
    ctx.unsupportedMediaType('Submissions must be sent as application/json');
    return;
  }
  await next();
};
