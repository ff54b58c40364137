import fs from 'node:fs';
import path from 'node:path';
import { exitOnConfigError, loadCmsConfig } from '@palisade/config';
import { createStrapi } from '@strapi/strapi';
import { BENCH_TYPE_UID } from '../procs/cms-app';

/**
 * Starts one generated bench copy of the CMS (see procs/cms-app.ts). When asked,
 * it mints the API token the baseline create uses, through Strapi's own token
 * service, and hands it over in a 0600 file (never in a log).
 */
async function main(): Promise<void> {
  exitOnConfigError(() => loadCmsConfig(process.env));
  const appDir = process.env.BENCH_APP_DIR;
  if (!appDir) throw new Error('BENCH_APP_DIR is required');
  const app = createStrapi({ appDir, distDir: path.join(appDir, 'dist') });
  await app.start();
  const tokenFile = process.env.BENCH_TOKEN_FILE;
  if (tokenFile) {
    const token = (await app.service('admin::api-token').create({
      name: `bench-${Date.now()}`,
      description: 'benchmark baseline: create bench entries only',
      type: 'custom',
      lifespan: 7 * 24 * 3600 * 1000,
      permissions: [`${BENCH_TYPE_UID}.create`],
    })) as { accessKey: string };
    fs.writeFileSync(tokenFile, token.accessKey, { mode: 0o600 });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench CMS failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
