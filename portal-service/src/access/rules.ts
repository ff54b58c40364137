import type { Action } from './actions';
import type { Principal, Role } from './roles';

/**
 * A rule answers yes, no, or "yes, but only these rows" (a query filter, as in
 * Payload's access functions). An empty clinic list is the same as no.
 */
export type AccessFilter = { clinicIds: readonly string[] };
export type AccessRuleResult = boolean | AccessFilter;
export type AccessRule = (principal: Principal) => AccessRuleResult;
export type AccessRules = Readonly<Record<Action, AccessRule>>;

function clinicsWhere(principal: Principal, roles: readonly Role[]): AccessFilter {
  const ids = new Set<string>();
  for (const g of principal.grants) if (roles.includes(g.role) && g.clinicId) ids.add(g.clinicId);
  return { clinicIds: [...ids].sort() };
}

function hasGlobal(principal: Principal, role: Role): boolean {
  return principal.grants.some((g) => g.role === role);
}

/**
 * The portal's rules. Admins manage but read no answers unless they also hold a
 * clinical role; auditors read the audit log only.
 */
export const defaultRules: AccessRules = {
  'submission:list': (p) => clinicsWhere(p, ['clinician', 'front-desk']),
  'submission:read': (p) => clinicsWhere(p, ['clinician', 'front-desk']),
  // Front desk triages (status, assignee); both clinical roles may change those fields.
  'submission:update': (p) => clinicsWhere(p, ['clinician', 'front-desk']),
  'staff:manage': (p) => hasGlobal(p, 'admin'),
  'clinic:manage': (p) => hasGlobal(p, 'admin'),
  'form:manage': (p) => hasGlobal(p, 'admin'),
  'audit:search': (p) => hasGlobal(p, 'auditor'),
};
