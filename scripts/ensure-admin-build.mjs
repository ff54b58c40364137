#!/usr/bin/env node
// Builds the Strapi admin panel once (about 40 s and 2 GB): the browser tests and
// `npm start` need it, and a fresh clone has none. Later runs reuse it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const cms = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'cms');
if (fs.existsSync(path.join(cms, 'dist', 'build', 'index.html'))) process.exit(0);
process.stdout.write('Building the Strapi admin panel once (about 40 s)...\n');
const res = spawnSync('npx', ['strapi', 'build'], { cwd: cms, stdio: 'inherit' });
process.exit(res.status ?? 1);
