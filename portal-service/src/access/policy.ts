import { ACTIONS, type Action } from './actions';
import type { FormFieldDef } from './form-definition';
import { defaultRules, type AccessRules } from './rules';
import type { Principal } from './roles';

export type Decision = { allowed: false } | { allowed: true; clinicIds?: readonly string[] };

export type FieldVisibility = { visible: true } | { visible: false; reason: 'hidden for your role' };

/** How much of a submission's answers a principal may see in one clinic. */
export type AnswerScope = 'all' | 'contact-only' | 'none';

/**
 * Compiled once when a session is loaded. Handlers and repositories ask it
 * questions; none of them re-derives rules from roles.
 */
export interface AccessPolicy {
  readonly principal: Principal;
  decide(action: Action): Decision;
  can(action: Action): boolean;
  /** Clinics whose rows `action` may touch; empty when denied or unscoped. */
  clinicsFor(action: Action): readonly string[];
  answerScope(clinicId: string): AnswerScope;
  fieldVisibility(clinicId: string, field: FormFieldDef | undefined): FieldVisibility;
}

const DENY: Decision = { allowed: false };
const HIDDEN: FieldVisibility = { visible: false, reason: 'hidden for your role' };

/** A rule that throws, or returns anything unexpected, denies. */
function evaluate(rules: AccessRules, action: Action, principal: Principal): Decision {
  try {
    const rule = rules[action];
    if (typeof rule !== 'function') return DENY;
    const result = rule(principal);
    if (result === true) return { allowed: true };
    if (result && typeof result === 'object' && Array.isArray(result.clinicIds)) {
      const ids = result.clinicIds.filter((id): id is string => typeof id === 'string');
      return ids.length > 0 ? { allowed: true, clinicIds: Object.freeze([...ids]) } : DENY;
    }
    return DENY;
  } catch {
    return DENY;
  }
}

export function compileAccessPolicy(principal: Principal, rules: AccessRules = defaultRules): AccessPolicy {
  const decisions = new Map<Action, Decision>();
  for (const action of ACTIONS) decisions.set(action, evaluate(rules, action, principal));

  const scopes = new Map<string, AnswerScope>();
  const read = decisions.get('submission:read') ?? DENY;
  const readable = new Set(read.allowed ? read.clinicIds ?? [] : []);
  for (const g of principal.grants) {
    if (!g.clinicId || !readable.has(g.clinicId)) continue;
    if (g.role === 'clinician') scopes.set(g.clinicId, 'all');
    else if (g.role === 'front-desk' && scopes.get(g.clinicId) !== 'all') scopes.set(g.clinicId, 'contact-only');
  }

  const policy: AccessPolicy = {
    principal,
    decide: (action) => decisions.get(action) ?? DENY,
    can: (action) => (decisions.get(action) ?? DENY).allowed,
    clinicsFor(action) {
      const d = decisions.get(action) ?? DENY;
      return d.allowed ? d.clinicIds ?? [] : [];
    },
    answerScope: (clinicId) => scopes.get(clinicId) ?? 'none',
    fieldVisibility(clinicId, field) {
      const scope = scopes.get(clinicId) ?? 'none';
      if (scope === 'all') return { visible: true };
      if (scope === 'contact-only' && field && field.sensitivity.includes('contact')) return { visible: true };
      return HIDDEN;
    },
  };
  return Object.freeze(policy);
}
