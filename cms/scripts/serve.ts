import path from 'node:path';
import { exitOnConfigError, loadCmsConfig } from '@palisade/config';
import { createStrapi } from '@strapi/strapi';

/**
 * Starts the CMS from its compiled output. The configuration is validated
 * before Strapi loads, so a bad value stops the process with the variable's
 * name instead of a stack trace from deep inside Strapi.
 */
async function main(): Promise<void> {
  exitOnConfigError(() => loadCmsConfig(process.env));
  const appDir = path.resolve(__dirname, '..', '..');
  const app = createStrapi({ appDir, distDir: path.join(appDir, 'dist') });
  await app.start();
}

main().catch((err: unknown) => {
  process.stderr.write(`CMS failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
