import type { FastifyPluginAsync } from 'fastify';
import type { CapabilityStatement } from 'fhir/r4';
import { FHIR_JSON } from '../../fhir/constants';
import { SIGNING_ALGS } from '../../ehr/jwks';
import { SCOPED_RESOURCES } from '../../ehr/scopes';

/** What the server supports, for FHIR and SMART clients; no data, so no authentication. */
export function capabilityStatement(publicUrl: string, at: Date): CapabilityStatement {
  const base = publicUrl.replace(/\/+$/, '');
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: at.toISOString(),
    kind: 'instance',
    fhirVersion: '4.0.1',
    format: ['application/fhir+json'],
    implementation: { description: 'Palisade portal FHIR read API', url: `${base}/fhir` },
    rest: [
      {
        mode: 'server',
        security: {
          service: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'SMART-on-FHIR' }] }],
          description: 'Staff sessions, or bearer tokens from the client-credentials grant with a private_key_jwt assertion (SMART Backend Services).',
          extension: [{ url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris', extension: [{ url: 'token', valueUri: `${base}/oauth/token` }] }],
        },
        resource: [
          { type: 'Questionnaire', interaction: [{ code: 'read' }, { code: 'search-type' }], searchParam: [{ name: 'url', type: 'uri' }] },
          {
            type: 'QuestionnaireResponse',
            interaction: [{ code: 'read' }, { code: 'search-type' }],
            searchParam: [
              { name: 'questionnaire', type: 'reference' },
              { name: 'authored', type: 'date' },
              { name: '_lastUpdated', type: 'date' },
            ],
          },
          {
            type: 'AuditEvent',
            interaction: [{ code: 'search-type' }],
            searchParam: [
              { name: 'date', type: 'date' },
              { name: 'subtype', type: 'token' },
              { name: 'agent', type: 'reference' },
            ],
          },
        ],
      },
    ],
  };
}

export const metadataRoutes: FastifyPluginAsync = async (app) => {
  const base = app.config.publicUrl.replace(/\/+$/, '');

  app.get('/metadata', { config: { fhir: 'public' }, schema: { tags: ['fhir'], summary: 'CapabilityStatement' } }, async (_request, reply) =>
    reply.type(FHIR_JSON).send(capabilityStatement(base, app.clock.now())),
  );

  app.get('/.well-known/smart-configuration', { config: { fhir: 'public' }, schema: { tags: ['fhir'], summary: 'SMART configuration (backend services)' } }, async () => ({
    token_endpoint: `${base}/oauth/token`,
    grant_types_supported: ['client_credentials'],
    token_endpoint_auth_methods_supported: ['private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: [...SIGNING_ALGS],
    scopes_supported: SCOPED_RESOURCES.flatMap((r) => [`system/${r}.rs`, `system/${r}.r`, `system/${r}.s`, `system/${r}.read`]),
    capabilities: ['client-confidential-asymmetric', 'permission-v1', 'permission-v2'],
  }));
};
