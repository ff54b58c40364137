import { createHmac, randomUUID } from 'node:crypto';
import type { Db } from '../db/types';
import { toBuffer, toDate } from '../db/values';
import type { RoleGrant } from '../access/roles';
import { hashToken, looksLikeToken, randomToken, tokenMatchesHash } from './tokens';

export type SessionStage = 'password' | 'mfa';

export const TOUCH_EVERY_SECONDS = 15;

export interface Clock {
  now(): Date;
}

export interface SessionLimits {
  idleSeconds: number;
  absoluteSeconds: number;
  /** Between the password and the TOTP step: long enough to scan a QR code, no longer. */
  pendingSeconds: number;
}

export interface Session {
  id: string;
  staffId: string;
  stage: SessionStage;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  /** Stored hash of the CSRF token; compared in constant time, never sent out. */
  csrfTokenHash: Buffer;
}

export interface IssuedSession {
  session: Session;
  /** The cookie value; shown to the browser once and stored only as a hash. */
  token: string;
  csrfToken: string;
}

export type ResolvedSession = { ok: true; session: Session } | { ok: false; reason: 'unknown' | 'revoked' | 'idle' | 'absolute'; session?: Session };

/** A session read together with its account and grants, for the request fast path. */
export interface SessionSnapshot {
  session: Session;
  revoked: boolean;
  staff: { id: string; email: string; displayName: string; active: boolean };
  grants: RoleGrant[];
}

/**
 * The CSRF token is derived from the session token, so it is random per session,
 * can be handed out again by GET /api/me, and still never stored in clear.
 */
export function csrfTokenFor(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update('palisade-csrf-v1').digest('base64url');
}

interface SessionRow {
  id: string;
  staff_id: string;
  stage: SessionStage;
  created_at: unknown;
  last_seen_at: unknown;
  expires_at: unknown;
  revoked_at: unknown;
  csrf_token_hash: unknown;
}

function fromRow(row: SessionRow): Session {
  return {
    id: row.id,
    staffId: row.staff_id,
    stage: row.stage,
    createdAt: toDate(row.created_at),
    lastSeenAt: toDate(row.last_seen_at),
    expiresAt: toDate(row.expires_at),
    csrfTokenHash: toBuffer(row.csrf_token_hash),
  };
}

/** Synchronizer-token check for state-changing requests. */
export function csrfMatches(session: Session, presented: unknown): boolean {
  return looksLikeToken(presented) && tokenMatchesHash(presented, session.csrfTokenHash);
}

export class SessionStore {
  constructor(
    private readonly limits: SessionLimits,
    private readonly clock: Clock,
  ) {}

  async create(tx: Db, opts: { staffId: string; stage: SessionStage; ip?: string; userAgent?: string }): Promise<IssuedSession> {
    const now = this.clock.now();
    const token = randomToken();
    const csrfToken = csrfTokenFor(token);
    const lifetime = opts.stage === 'mfa' ? this.limits.absoluteSeconds : Math.min(this.limits.pendingSeconds, this.limits.absoluteSeconds);
    const session: Session = {
      id: randomUUID(),
      staffId: opts.staffId,
      stage: opts.stage,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + lifetime * 1000),
      csrfTokenHash: hashToken(csrfToken),
    };
    await tx.query(
      `INSERT INTO sessions (id, token_hash, staff_id, stage, csrf_token_hash, created_at, last_seen_at, expires_at, ip, user_agent)
       VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $8, $9)`,
      [session.id, hashToken(token), session.staffId, session.stage, session.csrfTokenHash, now, session.expiresAt, opts.ip ?? null, opts.userAgent?.slice(0, 300) ?? null],
    );
    return { session, token, csrfToken };
  }

  /**
   * MFA done: the same session row gets a new token (the pre-MFA one stops
   * working) and a fresh absolute lifetime that starts now.
   */
  async elevate(tx: Db, sessionId: string): Promise<IssuedSession> {
    const now = this.clock.now();
    const token = randomToken();
    const csrfToken = csrfTokenFor(token);
    const expiresAt = new Date(now.getTime() + this.limits.absoluteSeconds * 1000);
    const res = await tx.query<SessionRow>(
      `UPDATE sessions SET token_hash = $2, csrf_token_hash = $3, stage = 'mfa', created_at = $4, last_seen_at = $4, expires_at = $5
       WHERE id = $1 AND revoked_at IS NULL
       RETURNING id, staff_id, stage, created_at, last_seen_at, expires_at, revoked_at, csrf_token_hash`,
      [sessionId, hashToken(token), hashToken(csrfToken), now, expiresAt],
    );
    const row = res.rows[0];
    if (!row) throw new Error('session vanished during elevation');
    return { session: fromRow(row), token, csrfToken };
  }

  /**
   * One statement (no transaction) for what every staff request needs: the
   * session, its account and its grants. A single statement reads one snapshot,
   * so a deactivation or a grant change committed before it is always seen.
   */
  async snapshot(db: Db, token: unknown): Promise<SessionSnapshot | undefined> {
    if (!looksLikeToken(token)) return undefined;
    const res = await db.query<SessionRow & { email: string; display_name: string; active: boolean; grants: unknown }>(
      `SELECT s.id, s.staff_id, s.stage, s.created_at, s.last_seen_at, s.expires_at, s.revoked_at, s.csrf_token_hash,
              st.email, st.display_name, st.active,
              COALESCE((SELECT json_agg(json_build_object('role', r.role, 'clinicId', r.clinic_id) ORDER BY r.role, r.clinic_id)
                          FROM staff_roles r WHERE r.staff_id = s.staff_id), '[]'::json) AS grants
         FROM sessions s JOIN staff st ON st.id = s.staff_id
        WHERE s.token_hash = $1`,
      [hashToken(token)],
    );
    const row = res.rows[0];
    if (!row) return undefined;
    const grants = (typeof row.grants === 'string' ? JSON.parse(row.grants) : row.grants) as RoleGrant[];
    return {
      session: fromRow(row),
      revoked: row.revoked_at !== null,
      staff: { id: row.staff_id, email: row.email, displayName: row.display_name, active: row.active },
      grants,
    };
  }

  /** True when the snapshot's session may serve a request now without any write (no expiry, no touch due). */
  isLiveWithoutWrite(snapshot: SessionSnapshot): boolean {
    if (snapshot.revoked || !snapshot.staff.active) return false;
    const now = this.clock.now().getTime();
    const { session } = snapshot;
    if (now >= session.expiresAt.getTime()) return false;
    const idleFor = now - session.lastSeenAt.getTime();
    return idleFor <= this.limits.idleSeconds * 1000 && idleFor < TOUCH_EVERY_SECONDS * 1000;
  }

  /** Finds the live session for a cookie value; an expired one is revoked on the spot. */
  async resolve(tx: Db, token: unknown): Promise<ResolvedSession> {
    if (!looksLikeToken(token)) return { ok: false, reason: 'unknown' };
    const res = await tx.query<SessionRow>(
      `SELECT id, staff_id, stage, created_at, last_seen_at, expires_at, revoked_at, csrf_token_hash FROM sessions WHERE token_hash = $1`,
      [hashToken(token)],
    );
    const row = res.rows[0];
    if (!row) return { ok: false, reason: 'unknown' };
    const session = fromRow(row);
    if (row.revoked_at !== null) return { ok: false, reason: 'revoked', session };
    const now = this.clock.now().getTime();
    let reason: 'idle' | 'absolute' | undefined;
    if (now >= session.expiresAt.getTime()) reason = 'absolute';
    else if (now - session.lastSeenAt.getTime() > this.limits.idleSeconds * 1000) reason = 'idle';
    if (reason) {
      await this.revoke(tx, session.id);
      return { ok: false, reason, session };
    }
    return { ok: true, session };
  }

  /**
   * Records activity for the idle timeout. Writes at most every TOUCH_EVERY_SECONDS
   * so a busy page does not cost a commit per request; the idle limit can only
   * come that much early, never late.
   */
  async touch(tx: Db, session: Session): Promise<Date> {
    const now = this.clock.now();
    if (now.getTime() - session.lastSeenAt.getTime() < TOUCH_EVERY_SECONDS * 1000) return session.lastSeenAt;
    await tx.query(`UPDATE sessions SET last_seen_at = $2 WHERE id = $1`, [session.id, now]);
    return now;
  }

  async revoke(tx: Db, sessionId: string): Promise<void> {
    await tx.query(`UPDATE sessions SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL`, [sessionId, this.clock.now()]);
  }

  async revokeToken(tx: Db, token: string): Promise<void> {
    if (!looksLikeToken(token)) return;
    await tx.query(`UPDATE sessions SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL`, [hashToken(token), this.clock.now()]);
  }

  /** Deactivation, factor reset and password change end every session of the account. */
  async revokeAllFor(tx: Db, staffId: string): Promise<number> {
    const res = await tx.query(`UPDATE sessions SET revoked_at = $2 WHERE staff_id = $1 AND revoked_at IS NULL`, [staffId, this.clock.now()]);
    return res.rowCount;
  }
}
