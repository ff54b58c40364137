import type { FastifyPluginAsync } from 'fastify';
import accountRoutes from './account';
import directoryRoutes from './directory';
import inboxSummaryRoutes from './inbox-summary';

/**
 * Small additions the staff UI needs that the staff API does not have (names
 * for ids, inbox counters, my sessions, password change, new recovery codes).
 * Registered inside the staff API, under `/api/ui`, so the same access gate
 * (deny by default, CSRF on writes) runs before every one of them.
 */
const uiSupport: FastifyPluginAsync = async (app) => {
  await app.register(directoryRoutes);
  await app.register(inboxSummaryRoutes);
  await app.register(accountRoutes);
};

export default uiSupport;
