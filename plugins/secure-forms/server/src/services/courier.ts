import axios from 'axios';
import type { Core } from '@strapi/strapi';
import { verifyReceipt } from '@palisade/protocol';
import { Courier, type SweepReport } from '../delivery/courier';
import type { OutboxRow } from '../outbox/store';
import { forwardEnvelope } from '../delivery/forward';
import { pluginService } from './access';

/** Forward, receipt check and shred, for the intake route and the sweep. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  let courier: Courier | undefined;
  let lastError: { message: string; at: number } | null = null;
  let lastSweep: { at: number; report: SweepReport } | null = null;
  const http = axios.create();

  const get = (): Courier => {
    if (courier) return courier;
    const settings = pluginService(strapi, 'settings');
    const keyset = pluginService(strapi, 'keyset');
    const config = settings.config();
    courier = new Courier({
      store: pluginService(strapi, 'outbox').store(),
      forward: (envelope, digest) =>
        forwardEnvelope(
          {
            http,
            intakeUrl: config.portalIntakeUrl,
            keyId: config.signingKeyId,
            privateKey: settings.signingKey(),
            timeoutMs: config.portalTimeoutMs,
            receiptKey: (kid) => keyset.receiptKey(kid),
          },
          envelope,
          digest,
        ),
      checkStoredReceipt: async (receipt) => {
        const key = await keyset.receiptKey(receipt.kid);
        return key !== undefined && verifyReceipt(receipt, () => key, { id: receipt.id, digest: receipt.digest });
      },
      now: Date.now,
      leaseMs: 2 * config.portalTimeoutMs + 5_000,
      warn: (m) => strapi.log.warn(m),
      noteError: (message, at) => {
        lastError = { message, at };
      },
    });
    return courier;
  };

  return {
    deliver: (id: string) => get().deliver(id),
    deliverClaimed: (row: OutboxRow) => get().deliverClaimed(row),
    leaseMs: () => get().leaseMs,
    async sweep(options: { now?: number } = {}): Promise<SweepReport & { shredRecordsExpired: number }> {
      const config = pluginService(strapi, 'settings').config();
      const report = await get().sweep({ now: options.now, alertAgeMs: config.outboxAlertSeconds * 1000 });
      // Shred records hold no content, but they need not live for ever either.
      const cutoff = (options.now ?? Date.now()) - config.shredRetentionDays * 86_400_000;
      const shredRecordsExpired = await pluginService(strapi, 'outbox').store().expireShredRecords(cutoff);
      lastSweep = { at: Date.now(), report };
      return { ...report, shredRecordsExpired };
    },
    lastError: () => lastError,
    lastSweep: () => lastSweep,
  };
};
