import type { AccessRequirement } from '../../access/actions';
import type { AccessPolicy } from '../../access/policy';
import type { SubmissionRepository } from '../../access/submission-repository';
import type { Session } from '../../identity/sessions';
import type { IdentityApi } from './identity';

/** What the access hook attaches to an authenticated request. */
export interface AuthContext {
  session: Session;
  staff: { id: string; email: string; displayName: string };
  policy: AccessPolicy;
  csrfToken: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What a staff route needs; routes without one are refused (deny by default). */
    access?: AccessRequirement;
  }
  interface FastifyRequest {
    auth: AuthContext | null;
    /** Set only for fully signed-in requests; every submission query goes through it. */
    submissions: SubmissionRepository | null;
  }
  interface FastifyInstance {
    identity: IdentityApi;
  }
}
