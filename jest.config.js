/**
 * One jest run for the whole workspace. Unit tests sit beside the code
 * (`*.test.ts`); tests that boot real Strapi, the portal, PostgreSQL or Chromium
 * live under `tests/` or a package's `test/`.
 *
 * Workspace packages are mapped to their TypeScript sources so that a unit test
 * never runs against a stale build; Strapi itself loads the compiled plugins
 * (`npm test` compiles first).
 */
const swc = [
  '@swc/jest',
  {
    jsc: { target: 'es2022', parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic' } } },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)sx?$': swc },
  moduleNameMapper: {
    '^@palisade/config$': '<rootDir>/config/src/index.ts',
    '^@palisade/protocol$': '<rootDir>/protocol/src/index.ts',
    '^@palisade/protocol/browser$': '<rootDir>/protocol/src/browser.ts',
  },
  // A few dependencies of Fastify's test and static tooling ship only as ES
  // modules; jest's CommonJS runtime needs them compiled like our own code.
  transformIgnorePatterns: ['/node_modules/(?!(cookie|content-disposition)/)'],
  testMatch: ['<rootDir>/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/\\.palisade/', '/cms/\\.strapi/'],
  testTimeout: 60_000,
  // Strapi boots and PostgreSQL setups are heavy; two workers match the two cores.
  maxWorkers: 2,
};
