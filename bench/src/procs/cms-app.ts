import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const BENCH_TYPE_UID = 'api::bench-entry.bench-entry';
const repo = path.resolve(__dirname, '..', '..', '..');
const cmsDir = path.join(repo, 'cms');

export interface CmsVariant {
  name: string;
  hardening: boolean;
  secureForms: boolean;
  /** Adds the bench-only collection type that API tokens may create (row 1's baseline). */
  benchType: boolean;
}

const write = (file: string, text: string) => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
};

function addBenchType(dist: string): void {
  const api = path.join(dist, 'src', 'api', 'bench-entry');
  write(
    path.join(api, 'content-types', 'bench-entry', 'schema.json'),
    JSON.stringify({
      kind: 'collectionType',
      collectionName: 'bench_entries',
      info: { singularName: 'bench-entry', pluralName: 'bench-entries', displayName: 'Bench entry' },
      options: { draftAndPublish: false },
      attributes: { body: { type: 'text' } },
    }),
  );
  const factory = (kind: string) =>
    `"use strict";\nObject.defineProperty(exports, "__esModule", { value: true });\nconst { factories } = require("@strapi/strapi");\n` +
    `exports.default = factories.${kind}('${BENCH_TYPE_UID}'${kind === 'createCoreRouter' ? ", { only: ['create'] }" : ''});\n`;
  write(path.join(api, 'routes', 'bench-entry.js'), factory('createCoreRouter'));
  write(path.join(api, 'controllers', 'bench-entry.js'), factory('createCoreController'));
  write(path.join(api, 'services', 'bench-entry.js'), factory('createCoreService'));
}

/**
 * Wraps one compiled config file: the original moves out of config/ (Strapi
 * loads every file there as a key) and a shim edits what it returns.
 */
function wrapConfig(dist: string, name: string, edit: string): void {
  const configDir = path.join(dist, 'config');
  const origDir = path.join(dist, 'orig-config');
  fs.mkdirSync(origDir, { recursive: true });
  fs.renameSync(path.join(configDir, `${name}.js`), path.join(origDir, `${name}.js`));
  write(
    path.join(configDir, `${name}.js`),
    `"use strict";\nObject.defineProperty(exports, "__esModule", { value: true });\nconst orig = require("../orig-config/${name}.js");\n` +
      `const base = typeof orig.default === 'function' ? orig.default : () => orig.default;\n` +
      `exports.default = (ctx) => { let value = base(ctx); ${edit}; return value; };\n`,
  );
}

/**
 * Generates a throw-away copy of the compiled CMS for the bench only: the
 * product's own files are never edited and nothing here ships. Variants differ
 * in which plugins are enabled and whether the bench type exists.
 */
export function makeCmsApp(variant: CmsVariant, root: string): string {
  const appDir = fs.mkdtempSync(path.join(root, `cms-${variant.name}-`));
  const dist = path.join(appDir, 'dist');
  fs.cpSync(path.join(cmsDir, 'dist'), dist, { recursive: true, filter: (src) => !src.endsWith('.tsbuildinfo') });
  fs.cpSync(path.join(cmsDir, 'public'), path.join(appDir, 'public'), { recursive: true });
  fs.copyFileSync(path.join(cmsDir, 'package.json'), path.join(appDir, 'package.json'));
  // Packages resolve from the repository's node_modules, as for the real CMS.
  fs.symlinkSync(path.join(repo, 'node_modules'), path.join(appDir, 'node_modules'), 'dir');

  const off = [!variant.hardening && 'hardening', !variant.secureForms && 'secure-forms'].filter((p): p is string => Boolean(p));
  if (off.length > 0) {
    const list = JSON.stringify(off);
    wrapConfig(dist, 'plugins', `for (const p of ${list}) value[p] = { ...(value[p] || {}), enabled: false }`);
    // A disabled plugin's middlewares cannot be resolved, so they leave the stack with it.
    wrapConfig(
      dist,
      'middlewares',
      `value = value.filter((m) => { const n = typeof m === 'string' ? m : m && m.name; return !${list}.some((p) => typeof n === 'string' && n.startsWith('plugin::' + p + '.')); })`,
    );
  }
  if (variant.benchType) {
    addBenchType(dist);
    // The hardening guard refuses unclassified types; the bench type holds only filler text.
    wrapConfig(dist, 'classification', `value.contentTypes = { ...value.contentTypes, '${BENCH_TYPE_UID}': { classification: 'public', publicActions: [] } }`);
  }
  return appDir;
}

export function benchRoot(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-bench-'));
}
