import type { FastifyPluginAsync } from 'fastify';
import { accessControl } from '../plugins/app/access-control';
import auditRoutes from './audit';
import authRoutes from './auth';
import clinicRoutes from './clinics';
import formRoutes from './forms';
import meRoutes from './me';
import staffRoutes from './staff';
import submissionRoutes from './submissions';

/**
 * Wraps route plugins in the access gate. Everything registered inside is
 * refused unless its route declares `config.access`; the hook lives in this
 * encapsulated context, so the platform's own routes (health, key set, docs)
 * are not affected.
 */
export function withAccessControl(routes: FastifyPluginAsync): FastifyPluginAsync {
  return async (app) => {
    app.addHook('onRequest', accessControl);
    await app.register(routes);
  };
}

const routes: FastifyPluginAsync = async (app) => {
  await app.register(authRoutes, { prefix: '/api/auth' });
  await app.register(meRoutes, { prefix: '/api/me' });
  await app.register(submissionRoutes, { prefix: '/api/submissions' });
  await app.register(staffRoutes, { prefix: '/api/admin/staff' });
  await app.register(clinicRoutes, { prefix: '/api/admin/clinics' });
  await app.register(formRoutes, { prefix: '/api/admin/forms' });
  await app.register(auditRoutes, { prefix: '/api/audit' });
};

/** Staff API routes (auth, me, submissions, administration, audit), all behind the access gate. */
const staffApi: FastifyPluginAsync = withAccessControl(routes);
export default staffApi;
