-- EHR clients: OAuth 2.0 client credentials with private_key_jwt, as in SMART
-- Backend Services. A client belongs to one clinic and holds only public keys;
-- its access tokens are stored as SHA-256 hashes and live five minutes.

-- Each client acts through a service principal: a staff row that can never sign
-- in (inactive, no password, no roles of its own). The access policy and the
-- submission repository key read markers and audit rows on a staff id; the
-- client's clinic and scopes come from this table, never from staff_roles.
CREATE TABLE ehr_clients (
  id            uuid PRIMARY KEY REFERENCES staff(id),
  clinic_id     uuid NOT NULL REFERENCES clinics(id),
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  -- SMART scopes as registered, e.g. system/QuestionnaireResponse.rs.
  scopes        text[] NOT NULL CHECK (cardinality(scopes) BETWEEN 1 AND 20),
  -- What a client may see of the answers: like a clinician, or contact fields only like front desk.
  answer_scope  text NOT NULL DEFAULT 'all' CHECK (answer_scope IN ('all', 'contact-only')),
  -- A JWK Set of public keys ({"keys": [...]}); private members are refused at registration.
  jwks          jsonb NOT NULL,
  created_by    uuid REFERENCES staff(id),
  created_at    timestamptz NOT NULL DEFAULT now(),
  revoked_at    timestamptz
);
CREATE INDEX ehr_clients_clinic ON ehr_clients (clinic_id);

-- Replay protection for client assertions: a jti is refused while it could still be valid.
CREATE TABLE ehr_assertion_jtis (
  client_id   uuid NOT NULL REFERENCES ehr_clients(id) ON DELETE CASCADE,
  jti         text NOT NULL CHECK (length(jti) BETWEEN 1 AND 256),
  expires_at  timestamptz NOT NULL,
  PRIMARY KEY (client_id, jti)
);
CREATE INDEX ehr_assertion_jtis_expiry ON ehr_assertion_jtis (expires_at);

CREATE TABLE ehr_access_tokens (
  token_hash  bytea PRIMARY KEY,
  client_id   uuid NOT NULL REFERENCES ehr_clients(id) ON DELETE CASCADE,
  clinic_id   uuid NOT NULL REFERENCES clinics(id),
  scopes      text[] NOT NULL,
  issued_at   timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL
);
CREATE INDEX ehr_access_tokens_expiry ON ehr_access_tokens (expires_at);

REVOKE ALL ON ehr_clients, ehr_assertion_jtis, ehr_access_tokens FROM PUBLIC;
-- The staff listener registers clients (admins), verifies assertions and issues
-- and checks tokens. Nothing else touches these tables.
GRANT SELECT, INSERT ON ehr_clients TO portal_app;
GRANT UPDATE (revoked_at, scopes, jwks) ON ehr_clients TO portal_app;
GRANT SELECT, INSERT, DELETE ON ehr_assertion_jtis TO portal_app;
GRANT SELECT, INSERT, DELETE ON ehr_access_tokens TO portal_app;
