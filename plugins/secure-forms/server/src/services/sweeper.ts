import type { Core } from '@strapi/strapi';
import { createTask, type ScheduledTask } from 'node-cron';
import { errorKind } from '../error-kind';
import { pluginService } from './access';

/** The node-cron task that runs the courier's sweep; "off" in tests unless a test starts it. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  let task: ScheduledTask | undefined;
  return {
    async start(): Promise<boolean> {
      const schedule = pluginService(strapi, 'settings').config().sweepCron;
      if (schedule === 'off' || task) return false;
      task = createTask(
        schedule,
        async () => {
          try {
            await pluginService(strapi, 'courier').sweep();
          } catch (err) {
            // The outbox keeps every row; the next run tries again.
            strapi.log.error(`secure-forms: outbox sweep failed (${errorKind(err)})`);
          }
        },
        { name: 'secure-forms-outbox-sweep', noOverlap: true },
      );
      await task.start();
      return true;
    },
    async stop(): Promise<void> {
      if (!task) return;
      await task.destroy();
      task = undefined;
    },
    running: () => task !== undefined,
  };
};
