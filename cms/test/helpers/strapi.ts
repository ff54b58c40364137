import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createStrapi, type Core } from '@strapi/strapi';

const appDir = path.resolve(__dirname, '..', '..');

export interface TestCms {
  strapi: Core.Strapi;
  home: string;
  stop(): Promise<void>;
}

/**
 * Boots the real Strapi from its compiled output on a throw-away SQLite file, with
 * routes mounted but no port opened (use supertest on `strapi.server.httpServer`).
 * Each call gets its own PALISADE_HOME, so keys and data never leak between tests.
 */
export async function bootCms(env: Record<string, string> = {}): Promise<TestCms> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-cms-'));
  const saved = { ...process.env };
  Object.assign(process.env, {
    NODE_ENV: 'test',
    PALISADE_HOME: home,
    CMS_SEED_DEMO: 'false',
    CMS_OUTBOX_SWEEP_CRON: 'off',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...env,
  });
  const strapi = createStrapi({ appDir, distDir: path.join(appDir, 'dist') });
  await strapi.load();
  await strapi.server.mount();
  return {
    strapi,
    home,
    async stop() {
      await strapi.destroy();
      process.env = saved;
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}
