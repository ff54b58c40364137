import type { Core } from '@strapi/strapi';

const MARKS = 'plugin::hardening.mfa-session';
const CACHE_MS = 30_000;
const MAX_FAMILY_DEPTH = 50;

/**
 * Which Strapi admin sessions passed the second factor. Strapi rotates the
 * session id on every access-token refresh (the old row keeps a `childId`), so
 * a session whose parent passed inherits the mark: the factor is asked once per
 * sign-in, not every 30 minutes, and is never carried over to a new sign-in.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const verified = new Map<string, number>();
  const now = () => (strapi.plugin('hardening').service('clock') as { now(): Date }).now();
  const marks = () => strapi.db.query(MARKS as never);

  async function markedUser(sessionId: string): Promise<number | undefined> {
    const row = (await marks().findOne({ where: { sessionId } })) as { userId: number } | null;
    return row ? Number(row.userId) : undefined;
  }

  const service = {
    async markVerified(sessionId: string, userId: number): Promise<void> {
      if ((await markedUser(sessionId)) === undefined) {
        await marks().create({ data: { sessionId, userId, verifiedAt: now().toISOString() } });
      }
      verified.set(sessionId, Date.now() + CACHE_MS);
    },

    async isVerified(sessionId: string | undefined, userId: number): Promise<boolean> {
      if (!sessionId) return false;
      const cached = verified.get(sessionId);
      if (cached && cached > Date.now()) return true;
      const own = await markedUser(sessionId);
      if (own !== undefined) {
        if (own !== userId) return false;
        verified.set(sessionId, Date.now() + CACHE_MS);
        return true;
      }
      let current = sessionId;
      for (let depth = 0; depth < MAX_FAMILY_DEPTH; depth++) {
        const parent = (await strapi.db.query('admin::session').findOne({ where: { childId: current, origin: 'admin' } })) as {
          sessionId: string;
          userId: string;
        } | null;
        if (!parent || String(parent.userId) !== String(userId)) return false;
        const marked = await markedUser(parent.sessionId);
        if (marked === userId) {
          await service.markVerified(sessionId, userId);
          return true;
        }
        current = parent.sessionId;
      }
      return false;
    },

    /** After a factor reset: this account's marks go, and so do its sessions. */
    async forgetUser(userId: number): Promise<void> {
      const rows = (await marks().findMany({ where: { userId }, select: ['sessionId'] })) as Array<{ sessionId: string }>;
      for (const r of rows) verified.delete(r.sessionId);
      await marks().deleteMany({ where: { userId } });
      await strapi.sessionManager('admin').invalidateRefreshToken(String(userId));
    },

    /** Marks older than the longest possible admin session can no longer match one. */
    async purgeOlderThan(cutoff: Date): Promise<void> {
      await marks().deleteMany({ where: { verifiedAt: { $lt: cutoff.toISOString() } } });
    },
  };
  return service;
};
