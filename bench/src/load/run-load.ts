import { fork } from 'node:child_process';
import path from 'node:path';
import type { LoadResult, LoadSpec } from './spec';

/** Runs one bounded load in a fresh child process and returns its summary. */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, 'worker.js'), [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    const killer = setTimeout(() => child.kill('SIGKILL'), (spec.durationSeconds + 60) * 1000);
    let answered = false;
    child.once('message', (msg: { ok: true; result: LoadResult } | { ok: false; error: string }) => {
      answered = true;
      clearTimeout(killer);
      if (msg.ok) resolve(msg.result);
      else reject(new Error(`load worker: ${msg.error}`));
    });
    child.once('exit', (code) => {
      clearTimeout(killer);
      if (!answered) reject(new Error(`load worker exited with ${code} before answering`));
    });
    child.send(spec);
  });
}
