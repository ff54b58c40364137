import { AUDIT_INSERT_COLUMNS } from '../../audit/writer';

/** The intake's writes. Parameters are typed: PostgreSQL cannot infer them in a SELECT list. */
export const SPEND_NONCE = `INSERT INTO intake_nonces (keyid, nonce, expires_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`;

/*
 * The whole accepted path in one statement, so it needs no explicit
 * transaction: one round trip and one commit, and a single statement is atomic.
 * The nonce is spent; the submission is inserted only if the nonce was fresh
 * and the kid is still an unretired intake key (its cached row may be up to
 * KEY_ROW_TTL_MS old); its intake.accepted audit row ($13-$25, in the order of
 * audit/writer.ts AUDIT_INSERT_COLUMNS) only if the submission was.
 * `fresh` 0: replayed nonce, nothing written; `inserted` 0: the id is already
 * stored, or the kid was retired meanwhile (the nonce is spent all the same).
 */
export const ACCEPT_INTAKE = `WITH nonce AS (
    INSERT INTO intake_nonces (keyid, nonce, expires_at) VALUES ($8::text, $11::text, $12::timestamptz) ON CONFLICT DO NOTHING RETURNING 1
  ), inserted AS (
    INSERT INTO submissions (id, form_slug, clinic_id, kid, ciphertext, digest, received_at, received_by, receipt, retention_until)
    SELECT $1::uuid, $2::text, $3::uuid, $4::text, $5::bytea, $6::text, $7::timestamptz, $8::text, $9::jsonb, $10::timestamptz
     WHERE EXISTS (SELECT 1 FROM nonce)
       AND EXISTS (SELECT 1 FROM keys WHERE kid = $4::text AND purpose = 'intake' AND retired_at IS NULL)
    ON CONFLICT (id) DO NOTHING RETURNING id
  ), audited AS (
    INSERT INTO audit_events (${AUDIT_INSERT_COLUMNS})
    SELECT $13::timestamptz, $14::text, $15::text, $16::text, $17::text, $18::text, $19::text, $20::text, $21::uuid, $22::text, $23::text, $24::text, $25::jsonb
     WHERE EXISTS (SELECT 1 FROM inserted)
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM nonce) AS fresh, (SELECT count(*) FROM inserted) AS inserted`;
