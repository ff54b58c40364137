-- Palisade health database, schema v1.
-- Runs as portal_owner (or the PGlite superuser). Roles, grants and row-level
-- security come in later files so that this one reads as the data model.

CREATE TABLE clinics (
  id           uuid PRIMARY KEY,
  code         text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  name         text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);

-- Staff identity. Passwords are argon2id strings; a NULL hash means the account
-- is invited and has not enrolled yet.
CREATE TABLE staff (
  id                  uuid PRIMARY KEY,
  email               text NOT NULL UNIQUE CHECK (email = lower(email)),
  display_name        text NOT NULL,
  password_hash       text,
  active              boolean NOT NULL DEFAULT true,
  failed_attempts     integer NOT NULL DEFAULT 0,
  locked_until        timestamptz,
  enrollment_token_hash text UNIQUE,
  enrollment_expires_at timestamptz,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now()
);

-- Global roles (admin, auditor) have clinic_id NULL; clinical roles name a clinic.
CREATE TABLE staff_roles (
  staff_id   uuid NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
  role       text NOT NULL CHECK (role IN ('admin', 'clinician', 'front-desk', 'auditor')),
  clinic_id  uuid REFERENCES clinics(id) ON DELETE CASCADE,
  CHECK ((role IN ('clinician', 'front-desk')) = (clinic_id IS NOT NULL))
);
CREATE UNIQUE INDEX staff_roles_unique ON staff_roles (staff_id, role, coalesce(clinic_id, '00000000-0000-0000-0000-000000000000'));

-- TOTP secrets are sealed under the master key (XChaCha20-Poly1305), never stored in clear.
CREATE TABLE staff_totp (
  staff_id        uuid PRIMARY KEY REFERENCES staff(id) ON DELETE CASCADE,
  secret_wrapped  bytea NOT NULL,
  confirmed_at    timestamptz,
  last_used_step  bigint NOT NULL DEFAULT 0
);

CREATE TABLE staff_recovery_codes (
  id         uuid PRIMARY KEY,
  staff_id   uuid NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
  code_hash  text NOT NULL,
  used_at    timestamptz
);
CREATE INDEX staff_recovery_codes_staff ON staff_recovery_codes (staff_id);

-- Only a hash of the opaque token is stored; a stolen table yields no usable session.
CREATE TABLE sessions (
  id               uuid PRIMARY KEY,
  token_hash       bytea NOT NULL UNIQUE,
  staff_id         uuid NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
  stage            text NOT NULL CHECK (stage IN ('password', 'mfa')),
  csrf_token_hash  bytea NOT NULL,
  created_at       timestamptz NOT NULL,
  last_seen_at     timestamptz NOT NULL,
  expires_at       timestamptz NOT NULL,
  revoked_at       timestamptz,
  ip               text,
  user_agent       text
);
CREATE INDEX sessions_staff ON sessions (staff_id);

-- The portal's own registry decides which clinic a form's submissions belong to;
-- the CMS never does.
CREATE TABLE forms (
  slug        text PRIMARY KEY CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,127}$'),
  clinic_id   uuid NOT NULL REFERENCES clinics(id),
  title       text NOT NULL,
  -- Field definitions (key, label, type, options, sensitivity): labels, not answers.
  definition  jsonb NOT NULL DEFAULT '[]'::jsonb,
  retention_days integer NOT NULL DEFAULT 365 CHECK (retention_days > 0),
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE keys (
  kid            text PRIMARY KEY,
  purpose        text NOT NULL CHECK (purpose IN ('intake', 'keyset-signing', 'receipt-signing', 'audit-checkpoint')),
  public_key     bytea NOT NULL,
  private_wrapped bytea NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  not_after      timestamptz,
  retired_at     timestamptz,
  current        boolean NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX keys_one_current ON keys (purpose) WHERE current;

-- Sealed ciphertext exactly as received. There is no plaintext column anywhere.
CREATE TABLE submissions (
  id               uuid PRIMARY KEY,
  form_slug        text NOT NULL REFERENCES forms(slug),
  clinic_id        uuid NOT NULL REFERENCES clinics(id),
  kid              text NOT NULL REFERENCES keys(kid),
  ciphertext       bytea NOT NULL,
  digest           text NOT NULL,
  received_at      timestamptz NOT NULL,
  received_by      text NOT NULL,
  receipt          jsonb NOT NULL,
  status           text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'in-review', 'done')),
  assignee_id      uuid REFERENCES staff(id),
  retention_until  timestamptz NOT NULL
);
CREATE INDEX submissions_inbox ON submissions (clinic_id, received_at DESC, id DESC);
CREATE INDEX submissions_form ON submissions (form_slug, received_at DESC);

CREATE TABLE submission_reads (
  submission_id uuid NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
  staff_id      uuid NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
  first_read_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (submission_id, staff_id)
);

-- Replay protection for signed intake calls.
CREATE TABLE intake_nonces (
  keyid      text NOT NULL,
  nonce      text NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (keyid, nonce)
);

-- Hash-chained, append-only. Never holds PHI, request bodies or secrets.
CREATE TABLE audit_events (
  seq            bigint PRIMARY KEY,
  at             timestamptz NOT NULL,
  event          text NOT NULL,
  outcome        text NOT NULL CHECK (outcome IN ('success', 'failure', 'denied')),
  actor_type     text NOT NULL CHECK (actor_type IN ('staff', 'service', 'anonymous', 'system')),
  actor_id       text,
  action         text NOT NULL CHECK (action IN ('C', 'R', 'U', 'D', 'E')),
  resource_type  text,
  resource_id    text,
  clinic_id      uuid,
  ip             text,
  request_id     text,
  service        text NOT NULL,
  detail         jsonb NOT NULL DEFAULT '{}'::jsonb,
  prev_hash      bytea NOT NULL,
  hash           bytea NOT NULL UNIQUE
);
CREATE INDEX audit_events_actor ON audit_events (actor_id, at);
CREATE INDEX audit_events_resource ON audit_events (resource_type, resource_id);
