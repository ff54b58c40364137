import type { FastifyPluginAsync } from 'fastify';
import { chainedAuditPort } from '../../fhir/audit-port';
import ehrClientRoutes from '../oauth/clients';
import tokenRoutes from '../oauth/token';
import { withAccessControl } from '../staff-api';
import { auditEventRoutes } from './audit-event';
import { installFhirErrors } from './errors';
import { fhirGate } from './gate';
import { metadataRoutes } from './metadata';
import { questionnaireRoutes } from './questionnaire';
import { questionnaireResponseRoutes } from './questionnaire-response';
import './types';

const fhirApi: FastifyPluginAsync = async (app) => {
  const audit = chainedAuditPort('portal-staff', app.clock);
  app.decorateRequest('fhirCaller', null);
  installFhirErrors(app);
  app.addHook('onRequest', fhirGate(audit));
  await app.register(metadataRoutes);
  await app.register(questionnaireRoutes(audit));
  await app.register(questionnaireResponseRoutes);
  await app.register(auditEventRoutes(audit));
};

/**
 * Interoperability on the staff listener, registered by app.ts in one line:
 * - `/fhir/*`: the FHIR R4 read API behind its own gate (staff session or bearer token);
 * - `/oauth/token`: the client-credentials grant for EHR clients;
 * - `/api/admin/ehr-clients`: client registration, behind the staff API's own access gate.
 */
const interop: FastifyPluginAsync = async (app) => {
  await app.register(fhirApi, { prefix: '/fhir' });
  await app.register(tokenRoutes, { prefix: '/oauth' });
  await app.register(withAccessControl(ehrClientRoutes), { prefix: '/api/admin/ehr-clients' });
};

export default interop;
