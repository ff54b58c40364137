import type { FastifyRequest } from 'fastify';
import type { AuditSink, RequestMeta } from '../../access/audit-port';
import { unauthorized } from '../../access/http-errors';
import { defaultRules, type AccessRules } from '../../access/rules';
import type { SealedOpener } from '../../access/submission-repository';
import type { Db } from '../../db/types';
import { AuthService } from '../../identity/auth-service';
import type { IdentityDeps, SecretBox } from '../../identity/deps';
import { EnrollmentService } from '../../identity/enrollment';
import { PasswordHasher, type Argon2Cost } from '../../identity/password';
import { csrfTokenFor, SessionStore, type Clock } from '../../identity/sessions';
import { findStaff, loadGrants } from '../../identity/staff-store';
import { readSessionCookie } from './cookie';
import { PolicyCache } from './policy-cache';
import type { AuthContext } from './types';

export interface IdentityOptions {
  db: Db;
  clock: Clock;
  secrets: SecretBox;
  keys: SealedOpener;
  audit: AuditSink;
  session: { idleSeconds: number; absoluteSeconds: number };
  lockoutThreshold: number;
  publicUrl: string;
  cookieSecure: boolean;
  /** Tests swap in rules (a throwing one, say); production uses the defaults. */
  rules?: AccessRules;
  /** argon2id cost for new hashes; never below the OWASP floor (the hasher refuses). Default: t=2, m=64 MiB. */
  passwordCost?: Argon2Cost;
}

export interface IdentityApi {
  options: IdentityOptions;
  deps: IdentityDeps;
  auth: AuthService;
  enrollment: EnrollmentService;
  /** Resolves the session cookie into an AuthContext, or throws 401 after auditing why. */
  authenticate(request: FastifyRequest): Promise<AuthContext>;
}

export const PENDING_MFA_SECONDS = 600;

export function requestMeta(request: FastifyRequest): RequestMeta {
  const ua = request.headers['user-agent'];
  return { ip: request.ip, requestId: String(request.id), userAgent: typeof ua === 'string' ? ua.slice(0, 300) : undefined };
}

export function createIdentity(options: IdentityOptions): IdentityApi {
  const sessions = new SessionStore({ ...options.session, pendingSeconds: PENDING_MFA_SECONDS }, options.clock);
  const deps: IdentityDeps = {
    db: options.db,
    clock: options.clock,
    hasher: new PasswordHasher(options.passwordCost),
    sessions,
    secrets: options.secrets,
    audit: options.audit,
    lockoutThreshold: options.lockoutThreshold,
    publicUrl: options.publicUrl,
  };
  const auth = new AuthService(deps);
  const rules = options.rules ?? defaultRules;

  const policies = new PolicyCache(rules);

  async function authenticate(request: FastifyRequest): Promise<AuthContext> {
    const token = readSessionCookie(request);
    // Fast path: one statement, no transaction, when nothing needs writing
    // (no expiry to record, no idle-timer touch due, account active).
    const snapshot = await sessions.snapshot(options.db, token);
    if (snapshot && sessions.isLiveWithoutWrite(snapshot)) {
      const { session, staff, grants } = snapshot;
      return {
        session,
        staff: { id: staff.id, email: staff.email, displayName: staff.displayName },
        policy: policies.get(session.id, staff.id, grants),
        csrfToken: csrfTokenFor(token as string),
      };
    }
    if (!snapshot) throw unauthorized('Your session has ended. Sign in again.');
    return authenticateWithWrites(request, token);
  }

  async function authenticateWithWrites(request: FastifyRequest, token: unknown): Promise<AuthContext> {
    const meta = requestMeta(request);
    const result = await options.db.transaction(async (tx) => {
      const resolved = await sessions.resolve(tx, token);
      if (!resolved.ok) {
        if (resolved.session && (resolved.reason === 'idle' || resolved.reason === 'absolute')) {
          await options.audit(tx, { event: 'auth.session.expired', outcome: 'success', actorType: 'staff', actorId: resolved.session.staffId, action: 'E', resourceType: 'session', resourceId: resolved.session.id, detail: { reason: resolved.reason } }, meta);
        }
        return undefined;
      }
      const { session } = resolved;
      const staff = await findStaff(tx, session.staffId);
      if (!staff?.active) {
        // Deactivation takes effect at once: every session of the account ends here too.
        await sessions.revokeAllFor(tx, session.staffId);
        await options.audit(tx, { event: 'auth.session.revoked', outcome: 'success', actorType: 'staff', actorId: session.staffId, action: 'E', resourceType: 'session', resourceId: session.id, detail: { reason: 'inactive' } }, meta);
        return undefined;
      }
      const grants = await loadGrants(tx, staff.id);
      session.lastSeenAt = await sessions.touch(tx, session);
      return {
        session,
        staff: { id: staff.id, email: staff.email, displayName: staff.displayName },
        policy: policies.get(session.id, staff.id, grants),
        csrfToken: csrfTokenFor(token as string),
      } satisfies AuthContext;
    });
    if (!result) throw unauthorized('Your session has ended. Sign in again.');
    return result;
  }

  return { options, deps, auth, enrollment: new EnrollmentService(deps, auth), authenticate };
}
