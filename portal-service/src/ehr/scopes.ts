/**
 * SMART on FHIR system scopes, as used by backend services. The portal serves
 * read and search only, on two resource types; anything else is never granted.
 *
 * Accepted forms: v2 `system/QuestionnaireResponse.rs` (permissions in c-r-u-d-s
 * order), v1 `system/QuestionnaireResponse.read` (= rs), `.write` (= cud) and
 * `.*`, with `*` for the resource type in requests only.
 */

export const SCOPED_RESOURCES = ['Questionnaire', 'QuestionnaireResponse'] as const;
export type ScopedResource = (typeof SCOPED_RESOURCES)[number];
export type Interaction = 'read' | 'search';

const PERMISSIONS = ['c', 'r', 'u', 'd', 's'] as const;
type Permission = (typeof PERMISSIONS)[number];
const SERVED: readonly Permission[] = ['r', 's'];

interface ParsedScope {
  resource: ScopedResource | '*';
  permissions: Set<Permission>;
}

const SCOPE = /^system\/([A-Za-z]+|\*)\.([a-z*]+)$/;

export function parseScope(scope: string): ParsedScope | undefined {
  const m = SCOPE.exec(scope);
  if (!m) return undefined;
  const [, resource = '', perms = ''] = m;
  if (resource !== '*' && !(SCOPED_RESOURCES as readonly string[]).includes(resource)) return undefined;
  let permissions: Set<Permission>;
  if (perms === 'read') permissions = new Set(['r', 's']);
  else if (perms === 'write') permissions = new Set(['c', 'u', 'd']);
  else if (perms === '*') permissions = new Set(PERMISSIONS);
  else {
    // v2: a non-empty subsequence of "cruds", in that order, no repeats.
    let at = 0;
    permissions = new Set();
    for (const ch of perms) {
      const idx = PERMISSIONS.indexOf(ch as Permission, at);
      if (idx < 0) return undefined;
      permissions.add(ch as Permission);
      at = idx + 1;
    }
    if (permissions.size === 0) return undefined;
  }
  return { resource: resource as ParsedScope['resource'], permissions };
}

function canonical(resource: ScopedResource, permissions: ReadonlySet<Permission>): string | undefined {
  const perms = PERMISSIONS.filter((p) => SERVED.includes(p) && permissions.has(p)).join('');
  return perms ? `system/${resource}.${perms}` : undefined;
}

export function splitScopes(raw: string): string[] {
  return raw.split(/\s+/).filter(Boolean);
}

export class ScopeError extends Error {
  override readonly name = 'ScopeError';
}

/**
 * What an administrator may register: explicit resource types (no wildcard,
 * so a resource type added later is never granted by accident) and only the
 * permissions the portal serves.
 */
export function normalizeRegisteredScopes(scopes: readonly string[]): string[] {
  const out = new Set<string>();
  for (const scope of scopes) {
    const parsed = parseScope(scope);
    if (!parsed || parsed.resource === '*') throw new ScopeError(`"${scope.slice(0, 80)}" is not a scope a client can be registered with (use system/Questionnaire.rs or system/QuestionnaireResponse.rs, or .r/.s).`);
    const c = canonical(parsed.resource, parsed.permissions);
    if (!c) throw new ScopeError(`"${scope.slice(0, 80)}" asks only for permissions the portal does not serve (it reads and searches).`);
    out.add(c);
  }
  if (out.size === 0) throw new ScopeError('Register at least one scope.');
  return [...out].sort();
}

function permissionMap(scopes: readonly string[]): Map<ScopedResource, Set<Permission>> {
  const map = new Map<ScopedResource, Set<Permission>>();
  for (const scope of scopes) {
    const parsed = parseScope(scope);
    if (!parsed) continue;
    const targets = parsed.resource === '*' ? SCOPED_RESOURCES : [parsed.resource];
    for (const r of targets) {
      const set = map.get(r) ?? new Set<Permission>();
      for (const p of parsed.permissions) set.add(p);
      map.set(r, set);
    }
  }
  return map;
}

/**
 * The intersection of what the client asked for and what it is registered
 * for, in canonical form. Scopes the portal does not know are ignored (OAuth
 * lets a server grant less); an empty result is the caller's invalid_scope.
 */
export function grantScopes(requested: readonly string[], registered: readonly string[]): string[] {
  const want = permissionMap(requested);
  const have = permissionMap(registered);
  const granted: string[] = [];
  for (const resource of SCOPED_RESOURCES) {
    const a = want.get(resource);
    const b = have.get(resource);
    if (!a || !b) continue;
    const c = canonical(resource, new Set([...a].filter((p) => b.has(p))));
    if (c) granted.push(c);
  }
  return granted;
}

export function scopeAllows(granted: readonly string[], resource: string, interaction: Interaction): boolean {
  const perms = permissionMap(granted).get(resource as ScopedResource);
  return perms?.has(interaction === 'read' ? 'r' : 's') ?? false;
}
