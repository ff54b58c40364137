/** The intake's writes. Parameters are typed: PostgreSQL cannot infer them in a SELECT list. */
export const SPEND_NONCE = `INSERT INTO intake_nonces (keyid, nonce, expires_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`;

/*
 * The accepted path's nonce and submission in one statement (one round trip):
 * the submission is inserted only if the nonce was fresh and the kid is still
 * an unretired intake key (its cached row may be up to KEY_ROW_TTL_MS old).
 * `fresh` 0: replayed nonce; `inserted` 0: the id is already stored, or the kid
 * was retired meanwhile.
 */
export const SPEND_NONCE_AND_INSERT = `WITH nonce AS (
    INSERT INTO intake_nonces (keyid, nonce, expires_at) VALUES ($8::text, $11::text, $12::timestamptz) ON CONFLICT DO NOTHING RETURNING 1
  ), inserted AS (
    INSERT INTO submissions (id, form_slug, clinic_id, kid, ciphertext, digest, received_at, received_by, receipt, retention_until)
    SELECT $1::uuid, $2::text, $3::uuid, $4::text, $5::bytea, $6::text, $7::timestamptz, $8::text, $9::jsonb, $10::timestamptz
     WHERE EXISTS (SELECT 1 FROM nonce)
       AND EXISTS (SELECT 1 FROM keys WHERE kid = $4::text AND purpose = 'intake' AND retired_at IS NULL)
    ON CONFLICT (id) DO NOTHING RETURNING id
  )
  SELECT (SELECT count(*) FROM nonce) AS fresh, (SELECT count(*) FROM inserted) AS inserted`;
