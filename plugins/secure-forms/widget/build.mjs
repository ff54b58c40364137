#!/usr/bin/env node
// Builds the widget into dist/widget: secure-forms.mjs (+ a split libsodium chunk)
// and secure-forms.js (+ secure-forms-sodium.js, pinned by Subresource Integrity).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(here, '..', 'dist', 'widget');
const common = {
  bundle: true,
  minify: true,
  target: 'es2020',
  platform: 'browser',
  legalComments: 'none',
  alias: { '@palisade/protocol/browser': path.resolve(here, '..', '..', '..', 'protocol', 'src', 'browser.ts') },
  logLevel: 'warning',
};

fs.rmSync(out, { recursive: true, force: true });

await build({
  ...common,
  entryPoints: { 'secure-forms': path.join(here, 'src', 'index.ts') },
  outdir: out,
  format: 'esm',
  splitting: true,
  outExtension: { '.js': '.mjs' },
  chunkNames: 'secure-forms-[name]-[hash]',
});

const SODIUM_FILE = 'secure-forms-sodium.js';
await build({ ...common, entryPoints: [path.join(here, 'src', 'sodium-classic.ts')], outfile: path.join(out, SODIUM_FILE), format: 'iife' });
const integrity = `sha384-${createHash('sha384').update(fs.readFileSync(path.join(out, SODIUM_FILE))).digest('base64')}`;

await build({
  ...common,
  entryPoints: [path.join(here, 'src', 'classic.ts')],
  outfile: path.join(out, 'secure-forms.js'),
  format: 'iife',
  define: { __SODIUM_FILE__: JSON.stringify(SODIUM_FILE), __SODIUM_INTEGRITY__: JSON.stringify(integrity) },
});

for (const f of fs.readdirSync(out).sort()) process.stdout.write(`${f}\t${fs.statSync(path.join(out, f)).size} B\n`);
