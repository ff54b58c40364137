import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const pluginDir = path.resolve(__dirname, '..', '..');
export const WIDGET_DIR = path.join(pluginDir, 'dist', 'widget');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * Builds the widget as `npm run build` does, unless the bundle is newer than
 * every source it comes from: test files run in parallel, and rebuilding under
 * one that is serving the files would pull them from under it.
 */
export function buildWidget(): void {
  const entry = path.join(WIDGET_DIR, 'secure-forms.js');
  const sources = Math.max(newestSource(path.join(pluginDir, 'widget')), newestSource(path.join(pluginDir, '..', '..', 'protocol', 'src')));
  if (fs.existsSync(entry) && fs.statSync(entry).mtimeMs > sources) return;
  execFileSync(process.execPath, [path.join(pluginDir, 'widget', 'build.mjs')], { stdio: 'pipe' });
}

/**
 * Runs `body` in a fresh Node ES-module process that has imported the bundled
 * widget as `widget` (so the bundle, its split libsodium chunk and its browser
 * code are what runs, not the TypeScript sources). `input` arrives as the
 * global `input`; whatever `body` returns comes back as JSON.
 */
export function runInBundle<T>(body: string, input: unknown): T {
  const bundle = pathToFileURL(path.join(WIDGET_DIR, 'secure-forms.mjs')).href;
  const program = `
    const widget = await import(${JSON.stringify(bundle)});
    const input = JSON.parse(process.env.WIDGET_INPUT);
    const result = await (async () => { ${body} })();
    process.stdout.write(JSON.stringify(result));
  `;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', program], {
    env: { PATH: process.env.PATH ?? '', WIDGET_INPUT: JSON.stringify(input) },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return JSON.parse(out) as T;
}
