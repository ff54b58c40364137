/*
 * jest's CommonJS runtime cannot load ESM-only packages, and light-my-request
 * (behind fastify.inject) requires `cookie` 2.x, which ships only as ESM. Tests
 * that inject requests swap in this tiny CommonJS stand-in for the one function
 * light-my-request uses at load time; production code never goes through it.
 * (The root jest config could instead transform `cookie`; see the report.)
 */
jest.mock('cookie', () => ({
  stringifySetCookie: (c: { name: string; value: string }) => `${c.name}=${c.value}`,
  parseCookie: (header: string) =>
    Object.fromEntries(
      header
        .split(';')
        .map((p) => p.trim().split('='))
        .filter((kv) => kv.length >= 2)
        .map(([k, ...v]) => [k, v.join('=')]),
    ),
}));



// @fastify/static (behind the docs UI) requires content-disposition 2.x, also ESM-only;
// the staff API never sends attachments, so a plain stand-in is enough here.
jest.mock('content-disposition', () => {
  const contentDisposition = (filename?: string) => (filename ? `attachment; filename="${filename.replace(/"/g, '')}"` : 'attachment');
  return Object.assign(contentDisposition, { default: contentDisposition, create: contentDisposition, parse: () => ({ type: 'attachment', parameters: {} }) });
});
export {};
