import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');

export interface Stack {
  home: string;
  cmsUrl: string;
  portalUrl: string;
  intakeUrl: string;
  env: Record<string, string>;
  /** Everything each process wrote, for log-canary assertions. */
  logs(): { cms: string; portal: string };
  restart(name: 'cms' | 'portal'): Promise<void>;
  stop(name?: 'cms' | 'portal'): Promise<void>;
  start(name: 'cms' | 'portal'): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, seconds: number): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`process exited (${child.exitCode}) before ${url} answered`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${seconds} s`);
}

/**
 * The real stack, as `npm start` runs it, in child processes on free loopback
 * ports with a throw-away PALISADE_HOME (embedded SQLite and PGlite). Browsers
 * reach it as www.localhost and patient.localhost, which Chromium resolves to
 * loopback by itself.
 */
export async function startStack(extraEnv: Record<string, string> = {}): Promise<Stack> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-stack-'));
  fs.mkdirSync(path.join(home, 'logs'));
  const [cmsPort, staffPort, intakePort] = [await freePort(), await freePort(), await freePort()];
  const cmsUrl = `http://www.localhost:${cmsPort}`;
  const portalUrl = `http://patient.localhost:${staffPort}`;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'development',
    PALISADE_HOME: home,
    LOG_LEVEL: 'info',
    CMS_PORT: String(cmsPort),
    CMS_PUBLIC_URL: cmsUrl,
    CMS_PORTAL_PUBLIC_URL: portalUrl,
    CMS_PORTAL_INTAKE_URL: `http://127.0.0.1:${intakePort}/internal/intake`,
    PORTAL_STAFF_PORT: String(staffPort),
    PORTAL_INTAKE_PORT: String(intakePort),
    PORTAL_PUBLIC_URL: portalUrl,
    PORTAL_SITE_ORIGINS: cmsUrl,
    ...extraEnv,
  };
  const procs: Record<'cms' | 'portal', { script: string; health: string; child?: ChildProcess; log: string }> = {
    portal: {
      script: path.join(root, 'portal-service', 'dist', 'server.js'),
      health: `http://127.0.0.1:${staffPort}/healthz`,
      log: path.join(home, 'logs', 'portal.log'),
    },
    cms: {
      script: path.join(root, 'cms', 'dist', 'scripts', 'serve.js'),
      health: `http://127.0.0.1:${cmsPort}/_health`,
      log: path.join(home, 'logs', 'cms.log'),
    },
  };

  const start = async (name: 'cms' | 'portal') => {
    const p = procs[name];
    const out = fs.openSync(p.log, 'a');
    p.child = spawn(process.execPath, [p.script], { cwd: path.dirname(p.script), env, stdio: ['ignore', out, out] });
    fs.closeSync(out);
    await waitForHealth(p.health, p.child, 90);
  };
  const stop = async (name?: 'cms' | 'portal') => {
    const names = name ? [name] : (['cms', 'portal'] as const);
    await Promise.all(
      names.map(async (n) => {
        const child = procs[n].child;
        if (!child || child.exitCode !== null) return;
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }),
    );
  };

  try {
    await start('portal');
    await start('cms');
  } catch (err) {
    await stop();
    throw new Error(`stack failed to start: ${(err as Error).message}\n--- portal log ---\n${fs.readFileSync(procs.portal.log, 'utf8').slice(-3000)}\n--- cms log ---\n${fs.readFileSync(procs.cms.log, 'utf8').slice(-3000)}`);
  }

  return {
    home,
    cmsUrl,
    portalUrl,
    intakeUrl: env.CMS_PORTAL_INTAKE_URL as string,
    env,
    logs: () => ({ cms: fs.readFileSync(procs.cms.log, 'utf8'), portal: fs.readFileSync(procs.portal.log, 'utf8') }),
    start,
    stop,
    async restart(name) {
      await stop(name);
      await start(name);
    },
  };
}
