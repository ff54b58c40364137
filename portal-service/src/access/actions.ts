/**
 * Everything a staff member can ask for. A staff route declares one of these
 * (or a session-level requirement) in `config.access`; anything else is denied.
 */
export const ACTIONS = [
  'submission:list',
  'submission:read',
  'submission:update',
  'staff:manage',
  'clinic:manage',
  'form:manage',
  'audit:search',
] as const;
export type Action = (typeof ACTIONS)[number];

/**
 * Requirements that are about the session rather than a permission:
 * - `public`: no session (login, enrollment by link);
 * - `pending-mfa`: a session that has passed the password step only (TOTP, enrollment);
 * - `session`: any live session, whatever its stage (logout, me);
 * - `authenticated`: a fully signed-in session, any role.
 */
export type SessionRequirement = 'public' | 'pending-mfa' | 'session' | 'authenticated';
export type AccessRequirement = SessionRequirement | Action;

export function isAction(value: string): value is Action {
  return (ACTIONS as readonly string[]).includes(value);
}
