import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadCmsConfig } from '@palisade/config';
import { freePort, type Stack } from '../../helpers/stack';

// DRILL_PORTAL_ROOT runs another checkout's build (e.g. a clean copy of HEAD while the shared tree is mid-edit).
const root = process.env.DRILL_PORTAL_ROOT ?? path.resolve(__dirname, '..', '..', '..');

/**
 * Only the portal, as `npm start` runs it, for drills that need no CMS (staff
 * sessions, audit tampering): same environment layout as startStack(), so the
 * drill helpers work on either. The CMS's development signing key is created in
 * the home so intake calls can be signed as the CMS would.
 */
export async function startPortalOnly(extraEnv: Record<string, string> = {}): Promise<Stack> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-portal-'));
  fs.mkdirSync(path.join(home, 'logs'));
  const [staffPort, intakePort] = [await freePort(), await freePort()];
  const portalUrl = `http://127.0.0.1:${staffPort}`;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'development',
    PALISADE_HOME: home,
    LOG_LEVEL: 'info',
    CMS_PORTAL_INTAKE_URL: `http://127.0.0.1:${intakePort}/internal/intake`,
    PORTAL_STAFF_PORT: String(staffPort),
    PORTAL_INTAKE_PORT: String(intakePort),
    PORTAL_PUBLIC_URL: portalUrl,
    ...extraEnv,
  };
  loadCmsConfig(env);
  const log = path.join(home, 'logs', 'portal.log');
  let child: ChildProcess | undefined;

  const start = async () => {
    const out = fs.openSync(log, 'a');
    child = spawn(process.execPath, [path.join(root, 'portal-service', 'dist', 'server.js')], { cwd: root, env, stdio: ['ignore', out, out] });
    fs.closeSync(out);
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`portal exited (${child.exitCode}):\n${fs.readFileSync(log, 'utf8').slice(-3000)}`);
      try {
        if ((await fetch(`${portalUrl}/healthz`)).ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error('portal did not answer within 90 s');
      await new Promise((r) => setTimeout(r, 250));
    }
  };
  const stop = async () => {
    const c = child;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGTERM');
    const timer = setTimeout(() => c.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  await start();
  return {
    home,
    cmsUrl: 'http://127.0.0.1:1',
    portalUrl,
    intakeUrl: env.CMS_PORTAL_INTAKE_URL as string,
    env,
    logs: () => ({ cms: '', portal: fs.readFileSync(log, 'utf8') }),
    start: async (name) => (name === 'portal' ? start() : undefined),
    stop: async (name) => (name === 'cms' ? undefined : stop()),
    restart: async (name) => {
      if (name === 'cms') return;
      await stop();
      await start();
    },
  };
}
