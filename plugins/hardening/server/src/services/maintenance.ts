import type { Core } from '@strapi/strapi';
import { createTask, validate, type ScheduledTask } from 'node-cron';
import { pluginConfig } from '../utils/plugin-config';

// Strapi's longest admin session (its maxRefreshTokenLifespan default is 30 days): older marks match nothing.
const MARK_LIFETIME_MS = 31 * 86_400_000;

/** The daily job: dormant sweep, audit retention, stale second-factor marks. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  let task: ScheduledTask | undefined;
  const svc = (name: string) => strapi.plugin('hardening').service(name);

  const service = {
    async runOnce(now: Date = (svc('clock') as { now(): Date }).now()): Promise<void> {
      for (const [name, step] of [
        ['dormant sweep', () => svc('dormant').sweep(now)],
        ['audit retention', () => svc('audit-retention').purge(now)],
        ['second-factor marks', () => svc('mfa-sessions').purgeOlderThan(new Date(now.getTime() - MARK_LIFETIME_MS))],
      ] as const) {
        try {
          await step();
        } catch (err) {
          strapi.log.error(`[hardening] ${name} failed: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
    },

    /** Created, not started by createTask, so nothing runs before bootstrap finishes. */
    async start(): Promise<void> {
      const cron = pluginConfig(strapi).dormant.cron;
      if (cron === 'off') return;
      if (!validate(cron)) throw new Error(`[hardening] invalid CMS_DORMANT_SWEEP_CRON "${cron}": a node-cron expression or "off"`);
      task = createTask(cron, () => service.runOnce(), { name: 'hardening-maintenance', noOverlap: true });
      await task.start();
    },

    async stop(): Promise<void> {
      await task?.destroy();
      task = undefined;
    },
  };
  return service;
};
