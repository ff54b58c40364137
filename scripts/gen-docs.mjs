#!/usr/bin/env node
// Regenerates the README's configuration table and .env.example from config/.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { renderMarkdownTable, renderEnvExample } = createRequire(import.meta.url)(path.join(root, 'config', 'dist', 'index.js'));

const readmePath = path.join(root, 'README.md');
const readme = fs.readFileSync(readmePath, 'utf8');
const updated = readme.replace(
  /<!-- config:start -->[\s\S]*<!-- config:end -->/,
  `<!-- config:start -->\n${renderMarkdownTable()}\n<!-- config:end -->`,
);
fs.writeFileSync(readmePath, updated);
fs.writeFileSync(path.join(root, '.env.example'), renderEnvExample());
process.stdout.write('README.md configuration table and .env.example regenerated.\n');
