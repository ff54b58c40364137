/**
 * `cookie` 2 ships only as an ES module. Node 20.19+ loads it through
 * require(esm), but jest's CommonJS runtime cannot, and light-my-request (the
 * engine of `app.inject`) requires it for one function. Until the root jest
 * config transforms that package, this stand-in keeps `inject` working in every
 * test that imports the portal test helpers. Production is unaffected.
 */
jest.mock('cookie', () => ({
  stringifySetCookie: ({ name, value }: { name: string; value: string }) => `${name}=${encodeURIComponent(value)}`,
}));

export {};
