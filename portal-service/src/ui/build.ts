import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** The browser sources of the staff UI (portal-service/ui), the same from src/ and dist/. */
export const UI_SOURCE_DIR = path.resolve(__dirname, '..', '..', 'ui');
export const UI_DIST_DIR = path.join(UI_SOURCE_DIR, 'dist');

export interface UiBuildResult {
  outDir: string;
  /** Asset file names (hashed) as referenced by index.html. */
  assets: string[];
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** True when index.html is missing or older than any source file. */
export function uiBuildIsStale(outDir = UI_DIST_DIR): boolean {
  const index = path.join(outDir, 'index.html');
  if (!fs.existsSync(index)) return true;
  const built = fs.statSync(index).mtimeMs;
  const sources = Math.max(newestMtime(path.join(UI_SOURCE_DIR, 'src')), newestMtime(path.join(UI_SOURCE_DIR, 'styles')), newestMtime(path.join(UI_SOURCE_DIR, 'static')), fs.statSync(path.join(UI_SOURCE_DIR, 'index.html')).mtimeMs);
  return sources > built;
}

function hashedCopy(file: string, outDir: string): string {
  const body = fs.readFileSync(file);
  const ext = path.extname(file);
  const name = `${path.basename(file, ext)}-${createHash('sha256').update(body).digest('hex').slice(0, 10)}${ext}`;
  fs.writeFileSync(path.join(outDir, name), body);
  return name;
}

/**
 * Bundles the UI with esbuild into content-hashed files (so they can be
 * cached for a year) and writes index.html pointing at them. esbuild is a
 * build-time tool: it is loaded only here, never by a production server.
 */
export async function buildUi(opts: { outDir?: string; minify?: boolean } = {}): Promise<UiBuildResult> {
  const outDir = opts.outDir ?? UI_DIST_DIR;
  const assetsDir = path.join(outDir, 'assets');
  const esbuild = await import('esbuild');
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(assetsDir, { recursive: true });
  const result = await esbuild.build({
    entryPoints: { app: path.join(UI_SOURCE_DIR, 'src', 'main.ts'), styles: path.join(UI_SOURCE_DIR, 'styles', 'app.css') },
    outdir: assetsDir,
    entryNames: '[name]-[hash]',
    bundle: true,
    format: 'esm',
    target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
    minify: opts.minify ?? true,
    sourcemap: false,
    legalComments: 'none',
    metafile: true,
    logLevel: 'silent',
    tsconfig: path.join(UI_SOURCE_DIR, 'tsconfig.json'),
  });
  const outputs = Object.keys(result.metafile.outputs).map((p) => path.basename(p));
  const js = outputs.find((f) => f.startsWith('app-') && f.endsWith('.js'));
  const css = outputs.find((f) => f.startsWith('styles-') && f.endsWith('.css'));
  if (!js || !css) throw new Error('the UI build produced no script or no stylesheet');
  const favicon = hashedCopy(path.join(UI_SOURCE_DIR, 'static', 'favicon.svg'), assetsDir);
  const html = fs
    .readFileSync(path.join(UI_SOURCE_DIR, 'index.html'), 'utf8')
    .replace('%APP_JS%', `/assets/${js}`)
    .replace('%APP_CSS%', `/assets/${css}`)
    .replace('%FAVICON%', `/assets/${favicon}`);
  fs.writeFileSync(path.join(outDir, 'index.html'), html);
  return { outDir, assets: [js, css, favicon] };
}

/** `node portal-service/dist/ui/build.js`: the production build of the UI. */
if (require.main === module) {
  buildUi().then(
    (r) => process.stdout.write(`staff UI built into ${r.outDir}: ${r.assets.join(', ')}\n`),
    (err: unknown) => {
      process.stderr.write(`staff UI build failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
