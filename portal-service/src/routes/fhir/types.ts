import type { FhirCaller } from '../../fhir/caller';
import type { ScopedResource, Interaction } from '../../ehr/scopes';

/**
 * What a FHIR route needs. `public` routes describe the server (no data);
 * every other route names its resource type and interaction, which a bearer
 * token's scopes must cover. A route without this is refused.
 */
export type FhirRequirement = 'public' | { resource: ScopedResource | 'AuditEvent'; interaction: Interaction };

declare module 'fastify' {
  interface FastifyContextConfig {
    fhir?: FhirRequirement;
  }
  interface FastifyRequest {
    fhirCaller: FhirCaller | null;
  }
}
