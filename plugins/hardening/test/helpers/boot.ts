import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createStrapi, type Core } from '@strapi/strapi';

const appDir = path.resolve(__dirname, '..', '..', '..', '..', 'cms');

/**
 * Like cms/test/helpers bootCms, with a hook between creating Strapi (config
 * loaded) and loading it, so a test can change the classification the guard
 * reads; and a load failure is returned, with everything cleaned up, instead
 * of leaking a half-started Strapi.
 */
export async function tryBoot(
  env: Record<string, string>,
  beforeLoad: (strapi: Core.Strapi) => void = () => undefined,
): Promise<{ strapi?: Core.Strapi; error?: Error; stop(): Promise<void> }> {
  const home = env.PALISADE_HOME ?? fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-hardening-'));
  const saved = { ...process.env };
  Object.assign(process.env, {
    NODE_ENV: 'test',
    PALISADE_HOME: home,
    CMS_SEED_DEMO: 'false',
    CMS_OUTBOX_SWEEP_CRON: 'off',
    CMS_DORMANT_SWEEP_CRON: 'off',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...env,
  });
  const restore = () => {
    process.env = saved;
    if (!env.PALISADE_HOME) fs.rmSync(home, { recursive: true, force: true });
  };
  const strapi = createStrapi({ appDir, distDir: path.join(appDir, 'dist') });
  try {
    beforeLoad(strapi);
    await strapi.load();
    await strapi.server.mount();
  } catch (error) {
    await strapi.destroy().catch(() => undefined);
    restore();
    return { error: error as Error, stop: async () => undefined };
  }
  return {
    strapi,
    async stop() {
      await strapi.destroy();
      restore();
    },
  };
}
