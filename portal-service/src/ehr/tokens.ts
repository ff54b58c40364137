import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/types';
import { toDate } from '../db/values';
import type { AnswerScope } from './clients';

/** SMART Backend Services: access tokens live five minutes. */
export const ACCESS_TOKEN_SECONDS = 300;

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

function hashOf(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

/**
 * An opaque 256-bit token; only its SHA-256 is stored, so the table holds
 * nothing a thief could present. Expired rows are cleared as new ones are made.
 */
export async function issueAccessToken(tx: Db, grant: { clientId: string; clinicId: string; scopes: readonly string[]; now: Date }): Promise<IssuedToken> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(grant.now.getTime() + ACCESS_TOKEN_SECONDS * 1000);
  await tx.query(`DELETE FROM ehr_access_tokens WHERE expires_at <= $1`, [grant.now]);
  await tx.query(
    `INSERT INTO ehr_access_tokens (token_hash, client_id, clinic_id, scopes, issued_at, expires_at) VALUES ($1, $2, $3, $4::text[], $5, $6)`,
    [hashOf(token), grant.clientId, grant.clinicId, [...grant.scopes], grant.now, expiresAt],
  );
  return { token, expiresAt };
}

export interface TokenGrant {
  clientId: string;
  clinicId: string;
  scopes: string[];
  answerScope: AnswerScope;
  expiresAt: Date;
}

/** The grant behind a bearer token, or undefined when it is unknown, expired or its client revoked. */
export async function resolveAccessToken(db: Db, token: string, now: Date): Promise<TokenGrant | undefined> {
  if (!TOKEN_SHAPE.test(token)) return undefined;
  const res = await db.query<{ client_id: string; clinic_id: string; scopes: string[]; answer_scope: AnswerScope; expires_at: unknown }>(
    `SELECT t.client_id, t.clinic_id, t.scopes, c.answer_scope, t.expires_at
     FROM ehr_access_tokens t JOIN ehr_clients c ON c.id = t.client_id
     WHERE t.token_hash = $1 AND t.expires_at > $2 AND c.revoked_at IS NULL AND c.clinic_id = t.clinic_id`,
    [hashOf(token), now],
  );
  const row = res.rows[0];
  if (!row) return undefined;
  return { clientId: row.client_id, clinicId: row.clinic_id, scopes: [...row.scopes], answerScope: row.answer_scope, expiresAt: toDate(row.expires_at) };
}
