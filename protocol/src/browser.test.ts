import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as browser from './browser';

function codeOf(file: string): string {
  // Comments may mention imports or Buffer (as sodium.ts and base64url.ts do); only code counts.
  return readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

function walkedFiles(entry: string): Set<string> {
  const seen = new Set<string>();
  externalImports(entry, seen);
  return seen;
}

/**
 * Walks the runtime import graph of a source file (type-only imports are erased
 * by the compiler and do not count) and returns every non-relative specifier.
 */
function externalImports(entry: string, seen = new Set<string>()): Map<string, string> {
  const found = new Map<string, string>();
  const pending = [entry];
  const statement = /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm;
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = codeOf(file);
    for (const match of source.matchAll(statement)) {
      const [, , typeOnly, specifier] = match;
      if (typeOnly || specifier === undefined) continue;
      if (specifier.startsWith('.')) pending.push(join(dirname(file), `${specifier}.ts`));
      else found.set(specifier, file);
    }
    const dynamic = /\b(?:require|import)\s*\(\s*['"]([^'"]+)['"]\s*\)/g;
    for (const match of source.matchAll(dynamic)) if (match[1]) found.set(match[1], file);
  }
  return found;
}

describe('browser entry import graph', () => {
  it('pulls in no node: module, no zod and no package at all', () => {
    expect([...externalImports(join(__dirname, 'browser.ts')).keys()]).toEqual([]);
  });

  it('uses no Node globals (Buffer, process) anywhere in that graph', () => {
    const files = [...walkedFiles(join(__dirname, 'browser.ts'))];
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) expect(`${file}: ${codeOf(file).match(/\b(Buffer|process|__dirname)\b/)?.[0] ?? 'clean'}`).toBe(`${file}: clean`);
  });

  it('the walker does see the Node entry’s node:crypto and zod imports (so the check above can fail)', () => {
    const imports = externalImports(join(__dirname, 'index.ts'));
    expect(imports.has('node:crypto')).toBe(true);
    expect(imports.has('zod')).toBe(true);
  });

  it('exposes what the widget needs at run time', () => {
    for (const name of ['buildEnvelope', 'sealPayload', 'verifyKeySet', 'isEnvelopeV1', 'encodeBase64url', 'canonicalJson', 'PROBLEM_TYPES']) {
      expect(browser).toHaveProperty(name);
    }
    expect(browser).not.toHaveProperty('signRequest');
  });
});
