import { execFile } from 'node:child_process';
import path from 'node:path';
import type { Stack } from '../../helpers/stack';

const root = process.env.DRILL_PORTAL_ROOT ?? path.resolve(__dirname, '..', '..', '..');

/** Runs `npm run portal -- <args>` (the compiled CLI) with the stack's environment. */
export function portalCli(stack: Stack, args: string[], extraEnv: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(root, 'portal-service', 'dist', 'cli.js'), ...args],
      { env: { ...stack.env, ...extraEnv }, cwd: root, timeout: 120_000 },
      (err, stdout, stderr) => {
        const code = (err as { code?: unknown } | null)?.code;
        resolve({ code: err ? (typeof code === 'number' ? code : 1) : 0, stdout, stderr });
      },
    );
  });
}
