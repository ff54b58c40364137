import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const pluginDir = path.resolve(__dirname, '..', '..');
export const WIDGET_DIR = path.join(pluginDir, 'dist', 'widget');

/** Builds the widget exactly as `npm run build -w @palisade/strapi-plugin-secure-forms` does. */
export function buildWidget(): void {
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
