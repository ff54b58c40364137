import { randomUUID } from 'node:crypto';
import type { Db } from '../db/types';
import { toDate } from '../db/values';
import { JwkError, normalizeJwks, type PublicJwks } from './jwks';
import { normalizeRegisteredScopes, ScopeError } from './scopes';

export type AnswerScope = 'all' | 'contact-only';

export interface EhrClient {
  id: string;
  clinicId: string;
  name: string;
  scopes: string[];
  answerScope: AnswerScope;
  jwks: PublicJwks;
  createdAt: Date;
  revokedAt: Date | null;
}

export interface RegisterClientInput {
  /** Clinic code or id. */
  clinic: string;
  name: string;
  scopes: readonly string[];
  jwks: unknown;
  answerScope?: AnswerScope;
  createdBy: string | null;
  now: Date;
}

/** A registration the administrator can fix; the message names the problem, never key material. */
export class RegistrationError extends Error {
  override readonly name = 'RegistrationError';
}

interface ClientRow {
  id: string;
  clinic_id: string;
  name: string;
  scopes: string[];
  answer_scope: AnswerScope;
  jwks: PublicJwks;
  created_at: unknown;
  revoked_at: unknown;
}

const COLUMNS = 'id, clinic_id, name, scopes, answer_scope, jwks, created_at, revoked_at';

function fromRow(r: ClientRow): EhrClient {
  return {
    id: r.id,
    clinicId: r.clinic_id,
    name: r.name,
    scopes: [...r.scopes],
    answerScope: r.answer_scope,
    jwks: r.jwks,
    createdAt: toDate(r.created_at),
    revokedAt: r.revoked_at === null ? null : toDate(r.revoked_at),
  };
}

/**
 * Registers a client for one clinic, with its service principal: a staff row
 * of kind 'service', which the database keeps inert (inactive, no password, no
 * roles) and staff administration does not list. Run it in the transaction
 * that writes the admin's audit row.
 */
export async function registerClient(tx: Db, input: RegisterClientInput): Promise<EhrClient> {
  const name = input.name.trim();
  if (!name || name.length > 200 || /[\r\n]/.test(name)) throw new RegistrationError('The name must be 1-200 characters on one line.');
  let scopes: string[];
  let jwks: PublicJwks;
  try {
    scopes = normalizeRegisteredScopes(input.scopes);
    jwks = normalizeJwks(input.jwks);
  } catch (err) {
    if (err instanceof ScopeError || err instanceof JwkError) throw new RegistrationError(err.message);
    throw err;
  }
  const clinic = await tx.query<{ id: string }>(`SELECT id FROM clinics WHERE code = $1 OR id::text = $1`, [input.clinic]);
  const clinicId = clinic.rows[0]?.id;
  if (!clinicId) throw new RegistrationError('No clinic with that code.');
  const id = randomUUID();
  await tx.query(`INSERT INTO staff (id, email, display_name, active, kind, created_at, updated_at) VALUES ($1, $2, $3, false, 'service', $4, $4)`, [
    id,
    `ehr-client-${id}@ehr-clients.invalid`,
    `EHR client: ${name}`.slice(0, 200),
    input.now,
  ]);
  const res = await tx.query<ClientRow>(
    `INSERT INTO ehr_clients (id, clinic_id, name, scopes, answer_scope, jwks, created_by, created_at)
     VALUES ($1, $2, $3, $4::text[], $5, $6::jsonb, $7, $8) RETURNING ${COLUMNS}`,
    [id, clinicId, name, scopes, input.answerScope ?? 'all', JSON.stringify(jwks), input.createdBy, input.now],
  );
  const row = res.rows[0];
  if (!row) throw new Error('client insert returned nothing');
  return fromRow(row);
}

export async function findActiveClient(db: Db, id: string): Promise<EhrClient | undefined> {
  const res = await db.query<ClientRow>(`SELECT ${COLUMNS} FROM ehr_clients WHERE id = $1 AND revoked_at IS NULL`, [id]);
  const row = res.rows[0];
  return row ? fromRow(row) : undefined;
}

export async function listClients(db: Db): Promise<EhrClient[]> {
  const res = await db.query<ClientRow>(`SELECT ${COLUMNS} FROM ehr_clients ORDER BY created_at, id`);
  return res.rows.map(fromRow);
}

/** Revocation takes effect at once: the client's live tokens go with it. */
export async function revokeClient(tx: Db, id: string, now: Date): Promise<EhrClient | undefined> {
  const res = await tx.query<ClientRow>(`UPDATE ehr_clients SET revoked_at = coalesce(revoked_at, $2) WHERE id = $1 RETURNING ${COLUMNS}`, [id, now]);
  await tx.query(`DELETE FROM ehr_access_tokens WHERE client_id = $1`, [id]);
  const row = res.rows[0];
  return row ? fromRow(row) : undefined;
}
