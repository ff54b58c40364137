// Builds the cross-system tools under tests/ (verify, soak, fuzz) with tsc and
// runs one of them with the remaining arguments. Used by `npm run verify`,
// `npm run soak` and `npm run fuzz`.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const [tool, ...args] = process.argv.slice(2);
const entries = { verify: 'tests/dist/verify/cli.js', soak: 'tests/dist/soak/cli.js', fuzz: 'tests/dist/fuzz/cli.js' };
if (!entries[tool]) {
  process.stderr.write(`usage: node scripts/tests-tool.mjs ${Object.keys(entries).join('|')} [args]\n`);
  process.exit(2);
}
for (const step of [['-b', 'config', 'protocol'], ['-p', 'tests/tsconfig.build.json']]) {
  const built = spawnSync(process.execPath, [tsc, ...step], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
const run = spawnSync(process.execPath, [path.join(root, entries[tool]), ...args], { cwd: root, stdio: 'inherit' });
process.exit(run.status ?? 1);
