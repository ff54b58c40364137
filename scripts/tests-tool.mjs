// Runs one of the cross-system tools under tests/ (verify, soak, fuzz) straight
// from TypeScript: a require hook compiles each .ts file with swc (as jest does)
// and maps @palisade/config and @palisade/protocol to their sources, so the
// tools never run against a stale build. Type checking is `npm run lint`.
import fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const swc = require('@swc/core');

const entries = { verify: 'tests/verify/cli.ts', soak: 'tests/soak/cli.ts', fuzz: 'tests/fuzz/cli.ts' };
const [tool, ...args] = process.argv.slice(2);
if (!entries[tool]) {
  process.stderr.write(`usage: node scripts/tests-tool.mjs ${Object.keys(entries).join('|')} [args]\n`);
  process.exit(2);
}

const sources = {
  '@palisade/config': path.join(root, 'config/src/index.ts'),
  '@palisade/protocol': path.join(root, 'protocol/src/index.ts'),
  '@palisade/protocol/browser': path.join(root, 'protocol/src/browser.ts'),
};
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return resolve.call(this, sources[request] ?? request, ...rest);
};
Module._extensions['.ts'] = (module, filename) => {
  const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};

process.argv = [process.argv[0], path.join(root, entries[tool]), ...args];
require(path.join(root, entries[tool]));
