import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { build } from 'esbuild';
import { launchChromium } from '../browser/chromium';
import { bundle, servePage } from '../browser/serve';
import type { BenchContext } from '../context';
import { PendingError, type RowResult } from '../model';
import { median, percentile, round } from '../stats';

const repo = path.resolve(__dirname, '..', '..', '..');
const widgetDir = path.join(repo, 'plugins', 'secure-forms', 'dist', 'widget');
const GOAL_GZIP_BYTES = 160 * 1024;

interface Sizes {
  min: number;
  gzip: number;
  brotli: number;
}

function sizesOf(code: Buffer): Sizes {
  return {
    min: code.length,
    gzip: zlib.gzipSync(code, { level: 9 }).length,
    brotli: zlib.brotliCompressSync(code, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

const kb = (n: number) => `${round(n / 1024, 1)} KB`;
const fmt = (s: Sizes) => `${kb(s.min)} min / ${kb(s.gzip)} gz / ${kb(s.brotli)} br`;
const isSodiumFile = (f: string) => /sodium/i.test(f);

/** The widget as built by its own script (built here if missing). */
function widgetFiles(): string[] {
  if (!fs.existsSync(path.join(widgetDir, 'secure-forms.js'))) {
    const script = path.join(repo, 'plugins', 'secure-forms', 'widget', 'build.mjs');
    if (!fs.existsSync(script)) throw new PendingError('the secure-forms widget has no build script yet');
    execFileSync(process.execPath, [script], { stdio: 'ignore' });
  }
  return fs.readdirSync(widgetDir).filter((f) => /\.m?js$/.test(f));
}

async function libsodiumAlone(): Promise<Buffer> {
  const out = await build({
    stdin: { contents: "import sodium from 'libsodium-wrappers'; globalThis.sodium = sodium;", resolveDir: repo, loader: 'js' },
    bundle: true,
    minify: true,
    write: false,
    format: 'iife',
    target: 'es2020',
    platform: 'browser',
    legalComments: 'none',
    logLevel: 'silent',
  });
  return Buffer.from(out.outputFiles[0]?.contents ?? new Uint8Array());
}

interface SealTimes {
  readyMs: number;
  widget: number[];
  sodiumOnly: number[];
}

async function sealTimes(count: number): Promise<SealTimes> {
  const page = await servePage(await bundle(path.join(repo, 'bench', 'src', 'browser', 'seal-page.ts')));
  const browser = await launchChromium();
  try {
    const tab = await browser.newPage();
    await tab.goto(page.url);
    return await tab.evaluate(
      ([n, bytes]) => (globalThis as unknown as { benchSeal(n: number, b: number): Promise<SealTimes> }).benchSeal(n, bytes),
      [count, 4096] as const,
    );
  } finally {
    await browser.close();
    await page.close();
  }
}

/** Row 6: what a visitor downloads before the form works, and what sealing costs in a real browser. */
export async function row6(ctx: BenchContext): Promise<RowResult> {
  const files = widgetFiles();
  const initialClassic = fs.readFileSync(path.join(widgetDir, 'secure-forms.js'));
  const initialEsm = files
    .filter((f) => f.endsWith('.mjs') && !isSodiumFile(f))
    .reduce((acc, f) => Buffer.concat([acc, fs.readFileSync(path.join(widgetDir, f))]), Buffer.alloc(0));
  const lazy = files.filter(isSodiumFile);
  const classic = sizesOf(initialClassic);
  const esm = sizesOf(initialEsm);
  const lazySizes = lazy.map((f) => `${f}: ${fmt(sizesOf(fs.readFileSync(path.join(widgetDir, f))))}`);
  const sodiumOnly = sizesOf(await libsodiumAlone());
  // libsodium's WASM blob alone is far over 100 KB, so an initial file that holds it cannot stay this small.
  const lazyLoaded = lazy.length > 0 && classic.min < sodiumOnly.min / 4 && !initialClassic.includes('crypto_box_seal_open');

  const seals = ctx.opts.quick ? 20 : 200;
  const rounds: SealTimes[] = [];
  for (let i = 0; i < ctx.opts.rounds; i++) rounds.push(await sealTimes(seals));
  const widgetP50 = median(rounds.map((r) => median(r.widget)));
  const widgetP99 = median(rounds.map((r) => percentile(r.widget, 99)));
  const aloneP50 = median(rounds.map((r) => median(r.sodiumOnly)));
  const readyMs = median(rounds.map((r) => r.readyMs));
  const ratio = aloneP50 > 0 ? widgetP50 / aloneP50 : Number.NaN;
  const met = classic.gzip <= GOAL_GZIP_BYTES && esm.gzip <= GOAL_GZIP_BYTES && lazyLoaded;
  return {
    row: '6',
    measure: 'widget bundle bytes; time to seal 4 KB in Chromium',
    subject: `initial \`secure-forms.js\` ${fmt(classic)}; ESM initial ${fmt(esm)}; lazy: ${lazySizes.join('; ')}; seal 4 KB p50 ${round(widgetP50, 3)} ms, p99 ${round(widgetP99, 3)} ms`,
    baseline: `libsodium-wrappers alone ${fmt(sodiumOnly)}; \`crypto_box_seal\` 4 KB p50 ${round(aloneP50, 3)} ms; page start → \`sodium.ready\` ${round(readyMs, 1)} ms`,
    ratio,
    goal: '≤ 160 KB gzip initial; libsodium lazy-loaded',
    met,
    numbers: [classic.min, classic.gzip, classic.brotli, sodiumOnly.gzip, widgetP50, aloneP50],
    notes: [
      `Sizes are of plugins/secure-forms/dist/widget as its build script makes it; gzip level 9, brotli quality 11. libsodium ${lazyLoaded ? 'is' : 'is NOT'} lazy-loaded (a separate file fetched on first use; the initial file holds no libsodium code).`,
      `Seal time: ${seals} seals per round of a 4 KB answer through the protocol's buildEnvelope (JSON, sealed box, base64url), the widget's code path, against crypto_box_seal alone on the same 4 KB; the ratio is widget p50 ÷ libsodium p50. "Page start → sodium.ready" (fetch, parse and WASM compile of libsodium from a local server) is paid once per page, on first use.`,
    ],
  };
}
