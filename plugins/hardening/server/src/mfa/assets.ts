import fs from 'node:fs';
import path from 'node:path';

// dist/server/mfa → plugins/hardening/assets/mfa (the same from server/src/mfa under ts-node or jest).
const DIR = path.resolve(__dirname, '..', '..', '..', 'assets', 'mfa');
const cache = new Map<string, string>();

/** The second-factor page's static files, read once. */
export function asset(name: 'page.html' | 'mfa.js' | 'mfa.css' | 'panel-preload.js'): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = fs.readFileSync(path.join(DIR, name), 'utf8');
    cache.set(name, text);
  }
  return text;
}
