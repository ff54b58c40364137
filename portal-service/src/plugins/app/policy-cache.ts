import { compileAccessPolicy, type AccessPolicy } from '../../access/policy';
import type { AccessRules } from '../../access/rules';
import type { RoleGrant } from '../../access/roles';

const MAX_ENTRIES = 2_000;

/**
 * Access rules compiled once per session. The key includes the grants as read
 * on this request, so a role granted or removed mid-session gets a fresh
 * compile on the very next request; nothing stale is ever served.
 */
export class PolicyCache {
  private readonly compiled = new Map<string, AccessPolicy>();

  constructor(private readonly rules: AccessRules) {}

  get(sessionId: string, staffId: string, grants: readonly RoleGrant[]): AccessPolicy {
    const key = `${sessionId}|${grants.map((g) => `${g.role}:${g.clinicId ?? '*'}`).join(',')}`;
    const hit = this.compiled.get(key);
    if (hit) return hit;
    const policy = compileAccessPolicy({ staffId, grants }, this.rules);
    // Insertion order makes the first key the oldest; dropping it bounds memory.
    if (this.compiled.size >= MAX_ENTRIES) this.compiled.delete(this.compiled.keys().next().value as string);
    this.compiled.set(key, policy);
    return policy;
  }
}
