import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const serve = path.resolve(__dirname, '..', 'dist', 'scripts', 'serve.js');

// The real entry point, in its own process: a bad configuration must stop it
// before Strapi loads, with the variable's name and no stack trace.
describe('CMS start with a bad configuration', () => {
  const run = (env: Record<string, string>) =>
    spawnSync(process.execPath, [serve], {
      env: { PATH: process.env.PATH ?? '', PALISADE_HOME: fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-start-')), ...env },
      encoding: 'utf8',
      timeout: 30_000,
    });

  it('exits with EX_CONFIG and names the variable', () => {
    const res = run({ CMS_PORT: 'not-a-port' });
    expect(res.status).toBe(78);
    expect(res.stderr).toContain('CMS_PORT: must be a port number');
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses to start in production without its secrets', () => {
    const res = run({ NODE_ENV: 'production' });
    expect(res.status).toBe(78);
    expect(res.stderr).toContain('CMS_SIGNING_KEY: is required in production');
  });
});
