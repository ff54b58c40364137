import type { Core, UID } from '@strapi/strapi';
import { pluginService } from './access';

export interface StatusSummary {
  forms: Array<{ documentId: string; title: string; slug: string; clinicCode: string | null; published: boolean }>;
  outbox: { depth: number; oldestPendingAgeSeconds: number | null; overdue: number; alertAgeSeconds: number };
  lastForwardError: { message: string; at: string } | null;
  /** rejected: envelopes deleted on the portal's signed rejection (noise or form-mismatch), not delivered. */
  today: { delivered: number; shredded: number; rejected: number };
  portal: { intakeUrl: string; publicUrl: string; keysetPin: string | null; keysetPinSource: 'configured' | 'first-use' | 'none' };
  cms: { signingKeyId: string; signingKeyFingerprint: string };
  sweep: { schedule: string; lastRunAt: string | null };
}

const startOfToday = (now: number) => {
  const d = new Date(now);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
};

/** What the admin page shows. Built from counts and settings only: no ciphertext, no envelope ids. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async summary(now = Date.now()): Promise<StatusSummary> {
    const settings = pluginService(strapi, 'settings');
    const config = settings.config();
    const store = pluginService(strapi, 'outbox').store();
    const courier = pluginService(strapi, 'courier');
    const trust = pluginService(strapi, 'keyset').trust();

    const uid = config.formContentType as UID.ContentType;
    const drafts = (await strapi.documents(uid).findMany({ status: 'draft', fields: ['title', 'slug', 'clinicCode'] as never, limit: 200 })) as Array<
      Record<string, unknown>
    >;
    const published = new Set(
      ((await strapi.documents(uid).findMany({ status: 'published', fields: ['slug'] as never, limit: 200 })) as Array<Record<string, unknown>>).map(
        (f) => String(f.documentId),
      ),
    );
    const stats = await store.stats(startOfToday(now));
    const rejected = await store.rejectedSince(startOfToday(now));
    const overdue = await store.overdue(now - config.outboxAlertSeconds * 1000);
    const lastError = courier.lastError() ?? (await store.latestError());
    const lastSweep = courier.lastSweep();
    await trust.get().catch(() => undefined);
    const pin = trust.effectivePin();

    return {
      forms: drafts.map((f) => ({
        documentId: String(f.documentId),
        title: String(f.title ?? ''),
        slug: String(f.slug ?? ''),
        clinicCode: typeof f.clinicCode === 'string' ? f.clinicCode : null,
        published: published.has(String(f.documentId)),
      })),
      outbox: {
        depth: stats.depth,
        oldestPendingAgeSeconds: stats.oldestReceivedAt === null ? null : Math.max(0, Math.round((now - stats.oldestReceivedAt) / 1000)),
        overdue: overdue.count,
        alertAgeSeconds: config.outboxAlertSeconds,
      },
      lastForwardError: lastError ? { message: lastError.message, at: new Date(lastError.at).toISOString() } : null,
      today: { delivered: stats.deliveredSince, shredded: stats.shreddedSince, rejected },
      portal: {
        intakeUrl: config.portalIntakeUrl,
        publicUrl: config.portalPublicUrl,
        keysetPin: pin,
        keysetPinSource: config.keysetPin ? 'configured' : pin ? 'first-use' : 'none',
      },
      cms: { signingKeyId: config.signingKeyId, signingKeyFingerprint: settings.signingKeyFingerprint() },
      sweep: { schedule: config.sweepCron, lastRunAt: lastSweep ? new Date(lastSweep.at).toISOString() : null },
    };
  },
});
