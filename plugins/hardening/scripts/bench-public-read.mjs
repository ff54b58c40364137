#!/usr/bin/env node
// Requests per second on a public content read (GET /api/service-pages), with
// the hardening plugin enabled and disabled, in the same run and process:
// rounds alternate (on/off, off/on, …) so machine noise and JIT warm-up hit both alike.
//
//   node plugins/hardening/scripts/bench-public-read.mjs [--seconds 10] [--concurrency 32] [--rounds 2]
//
// Needs the compiled CMS (npx tsc -p cms) and plugins. The public rate limit is
// raised so the limiter runs on every request without ever answering 429:
// what is measured is the cost of the plugin's middlewares, not of refusals.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'cms');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const SECONDS = arg('seconds', 10);
const CONCURRENCY = arg('concurrency', 32);
const ROUNDS = arg('rounds', 2);

/**
 * Strapi reads config/plugins.js from disk when it loads plugins, so "disabled"
 * runs on a copy of the compiled CMS whose plugins.js and middlewares.js leave
 * the plugin out. The copy lives under this plugin's dist/ so that the
 * compiled files still resolve the workspace's node_modules.
 */
function distWithoutPlugin() {
  const src = path.join(appDir, 'dist');
  const copy = fs.mkdtempSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'bench-cms-'));
  for (const entry of fs.readdirSync(src)) {
    if (entry === 'build') fs.symlinkSync(path.join(src, 'build'), path.join(copy, 'build'));
    else fs.cpSync(path.join(src, entry), path.join(copy, entry), { recursive: true });
  }
  const wrap = (file, body) => {
    fs.renameSync(path.join(copy, 'config', file), path.join(copy, 'config', `original-${file}`));
    fs.writeFileSync(path.join(copy, 'config', file), `const o = require('./original-${file}'); const f = o.default ?? o;\nmodule.exports = (...a) => { const c = f(...a); ${body} };\n`);
  };
  wrap('plugins.js', 'return { ...c, hardening: { enabled: false } };');
  wrap('middlewares.js', "return c.filter((m) => !String(typeof m === 'string' ? m : m.name).startsWith('plugin::hardening.'));");
  return copy;
}

async function boot(hardening) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-bench-'));
  Object.assign(process.env, {
    NODE_ENV: 'development',
    PALISADE_HOME: home,
    LOG_LEVEL: 'silent',
    CMS_SEED_DEMO: 'false',
    CMS_OUTBOX_SWEEP_CRON: 'off',
    CMS_DORMANT_SWEEP_CRON: 'off',
    CMS_RATE_LIMIT_PUBLIC_PER_MINUTE: '1000000000',
  });
  const { createStrapi } = require('@strapi/strapi');
  const distDir = hardening ? path.join(appDir, 'dist') : distWithoutPlugin();
  const strapi = createStrapi({ appDir, distDir });
  await strapi.load();
  for (let i = 0; i < 10; i++) {
    await strapi.documents('api::service-page.service-page').create({ data: { title: `Service ${i}`, slug: `service-${i}`, summary: 'A public page.' }, status: 'published' });
  }
  strapi.server.mount();
  await new Promise((resolve) => strapi.server.httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = strapi.server.httpServer.address();
  return {
    loaded: Boolean(strapi.plugin('hardening')),
    url: `http://127.0.0.1:${port}/api/service-pages`,
    async stop() {
      await strapi.destroy();
      fs.rmSync(home, { recursive: true, force: true });
      if (!hardening) fs.rmSync(distDir, { recursive: true, force: true });
    },
  };
}

async function load(url, seconds) {
  let ok = 0;
  let other = 0;
  const cpu = process.cpuUsage();
  const until = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < until) {
        const res = await fetch(url);
        await res.arrayBuffer();
        if (res.status === 200) ok++;
        else other++;
      }
    }),
  );
  const used = process.cpuUsage(cpu);
  // CPU time per request (server and client share this process) is far less sensitive than req/s to other load on the machine.
  return { rps: ok / seconds, cpuMs: (used.user + used.system) / 1000 / ok, other };
}

const results = { on: [], off: [] };
const cpu = { on: [], off: [] };
for (let round = 0; round < ROUNDS; round++) {
  // Alternating the order too: the first boot of the process runs on a colder JIT.
  for (const mode of round % 2 === 0 ? ['on', 'off'] : ['off', 'on']) {
    const cms = await boot(mode === 'on');
    if (cms.loaded !== (mode === 'on')) throw new Error(`plugin state is not ${mode}`);
    await load(cms.url, 5); // warm-up
    const r = await load(cms.url, SECONDS);
    if (r.other > 0) throw new Error(`${r.other} non-200 answers with the plugin ${mode}`);
    results[mode].push(r.rps);
    cpu[mode].push(r.cpuMs);
    process.stdout.write(`round ${round + 1}, plugin ${mode}: ${r.rps.toFixed(0)} req/s, ${r.cpuMs.toFixed(2)} ms CPU per request\n`);
    await cms.stop();
  }
}
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const on = mean(results.on);
const off = mean(results.off);
const cpuOn = mean(cpu.on);
const cpuOff = mean(cpu.off);
process.stdout.write(
  `\nGET /api/service-pages, ${CONCURRENCY} concurrent, ${SECONDS} s x ${ROUNDS} rounds on ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), load average ${os.loadavg()[0].toFixed(1)}:\n` +
    `  plugin enabled:  ${on.toFixed(0)} req/s, ${cpuOn.toFixed(2)} ms CPU per request\n` +
    `  plugin disabled: ${off.toFixed(0)} req/s, ${cpuOff.toFixed(2)} ms CPU per request\n` +
    `  overhead: ${(((off - on) / off) * 100).toFixed(1)}% req/s, ${(((cpuOn - cpuOff) / cpuOff) * 100).toFixed(1)}% CPU per request\n`,
);
process.exit(0);
