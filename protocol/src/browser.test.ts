import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as browser from './browser';

/**
 * Walks the runtime import graph of a source file (type-only imports are erased
 * by the compiler and do not count) and returns every non-relative specifier.
 */
function externalImports(entry: string): Map<string, string> {
  const found = new Map<string, string>();
  const seen = new Set<string>();
  const pending = [entry];
  const statement = /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm;
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    // Comments may mention imports (as sodium.ts does); only code counts.
    const source = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
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
