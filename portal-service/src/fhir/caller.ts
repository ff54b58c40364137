import type { AuditSink, RequestMeta } from '../access/audit-port';
import { compileAccessPolicy, type AccessPolicy } from '../access/policy';
import { SubmissionRepository, type SealedOpener } from '../access/submission-repository';
import type { Db } from '../db/types';
import type { TokenGrant } from '../ehr/tokens';
import { EHR_ACTOR_PREFIX } from './audit-event';
import type { AuditPort } from './audit-port';

/**
 * Who is calling the FHIR API, reduced to what the handlers may use: the
 * compiled access policy and the staff API's own SubmissionRepository built on
 * it. No handler queries submissions any other way.
 */
export interface FhirCaller {
  kind: 'staff' | 'client';
  actorType: 'staff' | 'service';
  actorId: string;
  policy: AccessPolicy;
  submissions: SubmissionRepository;
  /** A client's granted SMART scopes; staff are bounded by their roles alone. */
  scopes: readonly string[] | null;
}

interface CallerDeps {
  db: Db;
  keys: SealedOpener;
}

/** Rows the repository writes for FHIR traffic say so (`via: fhir`), so the trail tells the channels apart. */
export function staffCaller(deps: CallerDeps & { audit: AuditSink }, policy: AccessPolicy, meta: RequestMeta): FhirCaller {
  const audit: AuditSink = (tx, entry, m) => deps.audit(tx, { ...entry, detail: { ...entry.detail, via: 'fhir' } }, m);
  return {
    kind: 'staff',
    actorType: 'staff',
    actorId: policy.principal.staffId,
    policy,
    submissions: new SubmissionRepository({ db: deps.db, keys: deps.keys, audit }, policy, meta),
    scopes: null,
  };
}

/**
 * An EHR client acts like a clinician (or front desk, when registered for
 * contact fields only) of its one clinic, through its service principal. Its
 * audit rows name it as a service, `ehr:<client id>`, not as staff.
 */
export function clientCaller(deps: CallerDeps & { audit: AuditPort }, grant: TokenGrant, meta: RequestMeta): FhirCaller {
  const policy = compileAccessPolicy({
    staffId: grant.clientId,
    grants: [{ role: grant.answerScope === 'all' ? 'clinician' : 'front-desk', clinicId: grant.clinicId }],
  });
  const actorId = `${EHR_ACTOR_PREFIX}${grant.clientId}`;
  const audit: AuditSink = (tx, entry, m) =>
    deps.audit(tx, {
      ...entry,
      actorType: 'service',
      actorId,
      ...(m.ip ? { ip: m.ip } : {}),
      ...(m.requestId ? { requestId: m.requestId } : {}),
      detail: { ...entry.detail, via: 'fhir' },
    });
  return {
    kind: 'client',
    actorType: 'service',
    actorId,
    policy,
    submissions: new SubmissionRepository({ db: deps.db, keys: deps.keys, audit }, policy, meta),
    scopes: grant.scopes,
  };
}

/** Clinics whose forms a caller may see as Questionnaires; undefined means every clinic (administrators). */
export function questionnaireClinics(policy: AccessPolicy): readonly string[] | undefined {
  if (policy.can('form:manage')) return undefined;
  return policy.clinicsFor('submission:list');
}
