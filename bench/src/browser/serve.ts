import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { build } from 'esbuild';

const repo = path.resolve(__dirname, '..', '..', '..');

/** Bundles a bench page script the way the widget is bundled (minified, es2020, protocol from source). */
export async function bundle(entry: string): Promise<string> {
  const out = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    write: false,
    format: 'iife',
    target: 'es2020',
    platform: 'browser',
    legalComments: 'none',
    logLevel: 'silent',
    alias: { '@palisade/protocol/browser': path.join(repo, 'protocol', 'src', 'browser.ts') },
  });
  return out.outputFiles[0]?.text ?? '';
}

export interface PageServer {
  url: string;
  close(): Promise<void>;
}

/** Serves one page and its script from 127.0.0.1 (a secure context, so WebCrypto works). */
export async function servePage(script: string): Promise<PageServer> {
  const server = http.createServer((req, res) => {
    if (req.url === '/bench.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    else res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><meta charset="utf-8"><title>bench</title><script src="/bench.js"></script>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(() => r())) };
}
