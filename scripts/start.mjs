#!/usr/bin/env node
// `npm start`: the whole Palisade stack for development, on embedded defaults.
// Builds what is missing, starts the portal and the CMS, waits for both health
// checks, prints where to go, prefixes each process's logs, and stops both on Ctrl-C.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = { NODE_ENV: 'development', ...process.env };
const cmsPort = env.CMS_PORT ?? '1337';
const staffPort = env.PORTAL_STAFF_PORT ?? '4000';
const colors = { build: 33, portal: 36, cms: 35, palisade: 32 };
const tag = (name) => `\x1b[${colors[name] ?? 37}m[${name}]\x1b[0m `;
const say = (msg) => process.stdout.write(`${tag('palisade')}${msg}\n`);

function run(name, cmd, args, opts = {}) {
  say(`${name}: ${cmd} ${args.join(' ')}`);
  const res = spawnSync(cmd, args, { cwd: root, env, stdio: 'inherit', ...opts });
  if (res.status !== 0) {
    say(`${name} failed (exit ${res.status}).`);
    process.exit(res.status ?? 1);
  }
}

// 1. Build: TypeScript is incremental and the bundles take seconds; the Strapi admin panel only when missing.
run('build', 'npm', ['run', '--silent', 'build:ts']);
run('build', 'node', ['scripts/ensure-admin-build.mjs']);

// 2. Start both services with prefixed output.
const children = [];
function start(name, script, cwd) {
  const child = spawn(process.execPath, [script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [child.stdout, child.stderr]) {
    let buf = '';
    stream.on('data', (chunk) => {
      buf += chunk;
      const lines = buf.split('\n');
      buf = lines.pop();
      for (const line of lines) process.stdout.write(`${tag(name)}${line}\n`);
    });
  }
  child.on('exit', (code, signal) => {
    if (!stopping) {
      say(`${name} stopped unexpectedly (${signal ?? `exit ${code}`}); stopping the stack.`);
      stop(1);
    }
  });
  children.push(child);
  return child;
}

let stopping = false;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  say('Stopping...');
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  const force = setTimeout(() => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  }, 10_000);
  Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.on('exit', r))))).then(() => {
    clearTimeout(force);
    process.exit(code);
  });
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

// 3. Start and wait for health.
async function waitFor(name, url, seconds = 120) {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline && !stopping) {
    try {
      const res = await fetch(url);
      if (res.ok) return true;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  if (!stopping) say(`${name} did not answer ${url} within ${seconds} s.`);
  return false;
}

// The portal goes first: on first run it publishes the key-set pin the CMS and the demo site use.
start('portal', path.join(root, 'portal-service', 'dist', 'server.js'), path.join(root, 'portal-service'));
const portalUp = await waitFor('portal', `http://127.0.0.1:${staffPort}/healthz`);
if (portalUp) start('cms', path.join(root, 'cms', 'dist', 'scripts', 'serve.js'), path.join(root, 'cms'));
const cmsUp = portalUp && (await waitFor('cms', `http://127.0.0.1:${cmsPort}/_health`));
if (!portalUp || !cmsUp) stop(1);
else {
  say('Palisade is running:');
  say(`  CMS admin        http://www.localhost:${cmsPort}/admin`);
  say(`  Public content   http://www.localhost:${cmsPort}/api/service-pages`);
  say(`  Staff portal     http://patient.localhost:${staffPort}/`);
  say('Press Ctrl-C to stop.');
}
