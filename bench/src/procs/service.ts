import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

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

export interface Memory {
  /** Resident set now, MiB. */
  rssMiB: number;
  /** Peak resident set since start (VmHWM), MiB. */
  peakMiB: number;
}

/** Reads the kernel's own accounting of a process (Linux). */
export function memoryOf(pid: number): Memory {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 };
}

export interface Service {
  name: string;
  pid: number;
  log: string;
  memory(): Memory;
  stop(): Promise<void>;
}

export interface ServiceSpec {
  name: string;
  script: string;
  args?: string[];
  env: Record<string, string>;
  health: string;
  logDir: string;
  cwd?: string;
  profileDir?: string;
  bootSeconds?: number;
}

async function waitForHealth(url: string, child: ChildProcess, seconds: number, log: string): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`exited (${child.exitCode}) before ${url} answered:\n${fs.readFileSync(log, 'utf8').slice(-2000)}`);
    }
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer within ${seconds} s:\n${fs.readFileSync(log, 'utf8').slice(-2000)}`);
}

/** Starts a Node service under test as a child process and waits until it is healthy. */
export async function startService(spec: ServiceSpec): Promise<Service> {
  const log = path.join(spec.logDir, `${spec.name}.log`);
  const out = fs.openSync(log, 'a');
  const execArgv = spec.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${spec.profileDir}`, `--cpu-prof-name=${spec.name}.cpuprofile`] : [];
  const child = spawn(process.execPath, [...execArgv, spec.script, ...(spec.args ?? [])], {
    cwd: spec.cwd ?? path.dirname(spec.script),
    env: { PATH: process.env.PATH ?? '', ...spec.env },
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitForHealth(spec.health, child, spec.bootSeconds ?? 120, log);
  } catch (err) {
    await stop();
    throw new Error(`${spec.name} failed to start: ${(err as Error).message}`);
  }
  const memory = () => {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${spec.name} exited (${child.exitCode ?? child.signalCode}):\n${fs.readFileSync(log, 'utf8').slice(-1500)}`);
    }
    return memoryOf(child.pid as number);
  };
  return { name: spec.name, pid: child.pid as number, log, memory, stop };
}
