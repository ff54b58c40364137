import { Writable } from 'node:stream';
import { format } from 'node:util';
import type { Core } from '@strapi/strapi';
import winston from 'winston';

type ConsoleMethod = 'log' | 'info' | 'warn' | 'error' | 'debug';
const METHODS: ConsoleMethod[] = ['log', 'info', 'warn', 'error', 'debug'];

/**
 * Everything the process logs from now until restore(). Strapi's winston
 * console transport writes to process.stdout when jest runs one file in band,
 * and through console.log when it runs workers; both are captured rather than
 * printed, so a debug-level CMS run stays quiet and can be searched.
 */
export function captureStdout(): { text(): string; restore(): void } {
  const chunks: string[] = [];
  const originalWrite = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    done?.();
    return true;
  }) as typeof process.stdout.write;
  const originals = METHODS.map((m) => [m, console[m]] as const);
  for (const m of METHODS) console[m] = (...args: unknown[]) => void chunks.push(`${format(...args)}\n`);
  return {
    text: () => chunks.join(''),
    restore: () => {
      process.stdout.write = originalWrite;
      for (const [m, fn] of originals) console[m] = fn;
    },
  };
}

/**
 * Everything Strapi's logger emits from now on (its request logger included),
 * through a transport of our own, whatever jest does with the console.
 */
export function captureStrapiLog(strapi: Core.Strapi): { text(): string } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  (strapi.log as unknown as winston.Logger).add(new winston.transports.Stream({ stream, format: winston.format.json() }));
  return { text: () => lines.join('') };
}
