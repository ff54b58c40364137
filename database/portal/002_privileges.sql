-- Least privilege. Each service connects as its own role and gets exactly the
-- statements it needs; PUBLIC gets nothing. Row-level security on submissions is
-- the second wall behind the staff API's own clinic filter.

REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA public FROM PUBLIC;
ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;

-- portal_ingest: the internal intake listener. It can add submissions and
-- nonces, read the form registry and the (wrapped) keys, and append audit rows.
-- It reads back only what idempotency needs (id, digest, receipt), never
-- ciphertext, and only the chain head (seq, hash) of the audit log.
GRANT SELECT (slug, clinic_id, retention_days) ON forms TO portal_ingest;
GRANT SELECT ON keys TO portal_ingest;
GRANT INSERT ON submissions TO portal_ingest;
GRANT SELECT (id, digest, receipt) ON submissions TO portal_ingest;
GRANT INSERT ON intake_nonces TO portal_ingest;
GRANT INSERT ON audit_events TO portal_ingest;
GRANT SELECT (seq, hash) ON audit_events TO portal_ingest;

-- portal_app: the staff API. Identity tables in full; submissions readable and
-- updatable only in workflow columns; audit append and read (auditors), never
-- update, delete or truncate.
GRANT SELECT, INSERT, UPDATE ON clinics TO portal_app;
GRANT SELECT, INSERT, UPDATE ON staff TO portal_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON staff_roles, staff_totp, staff_recovery_codes, sessions TO portal_app;
GRANT SELECT, INSERT, UPDATE ON forms TO portal_app;
GRANT SELECT, INSERT ON keys TO portal_app;
GRANT UPDATE (current, retired_at, not_after) ON keys TO portal_app;
GRANT SELECT ON submissions TO portal_app;
GRANT UPDATE (status, assignee_id) ON submissions TO portal_app;
GRANT SELECT, INSERT, UPDATE ON submission_reads TO portal_app;
GRANT SELECT, INSERT ON audit_events TO portal_app;

-- portal_analytics: de-identified views only. No ids, no ciphertext, no exact times.
CREATE VIEW deid_submissions AS
  SELECT form_slug, clinic_id, date_trunc('month', received_at) AS received_month, status
  FROM submissions;
GRANT SELECT ON deid_submissions TO portal_analytics;

-- Row-level security. `app.clinic_ids` is set per transaction (SET LOCAL through
-- set_config(..., true)) from the staff member's compiled access policy; unset
-- or empty, it matches no clinic.
CREATE FUNCTION app_clinic_ids() RETURNS uuid[]
  LANGUAGE sql STABLE
  AS $$ SELECT coalesce(string_to_array(nullif(current_setting('app.clinic_ids', true), ''), ',')::uuid[], '{}'::uuid[]) $$;
REVOKE ALL ON FUNCTION app_clinic_ids() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_clinic_ids() TO portal_app;

ALTER TABLE submissions ENABLE ROW LEVEL SECURITY;
ALTER TABLE submissions FORCE ROW LEVEL SECURITY;
CREATE POLICY submissions_app_select ON submissions FOR SELECT TO portal_app
  USING (clinic_id = ANY (app_clinic_ids()));
CREATE POLICY submissions_app_update ON submissions FOR UPDATE TO portal_app
  USING (clinic_id = ANY (app_clinic_ids()))
  WITH CHECK (clinic_id = ANY (app_clinic_ids()));
-- Ingest decides the clinic from the form registry, not from a session.
CREATE POLICY submissions_ingest_insert ON submissions FOR INSERT TO portal_ingest
  WITH CHECK (true);
CREATE POLICY submissions_ingest_select ON submissions FOR SELECT TO portal_ingest
  USING (true);
-- The owner (migrations, CLI maintenance, and the de-identified view, which runs
-- with its owner's rights) sees every row.
CREATE POLICY submissions_owner_all ON submissions FOR ALL TO portal_owner
  USING (true) WITH CHECK (true);

-- A read marker is visible only when its submission is: the subquery runs under
-- the submissions policies above.
ALTER TABLE submission_reads ENABLE ROW LEVEL SECURITY;
ALTER TABLE submission_reads FORCE ROW LEVEL SECURITY;
CREATE POLICY submission_reads_app ON submission_reads FOR ALL TO portal_app
  USING (EXISTS (SELECT 1 FROM submissions s WHERE s.id = submission_id))
  WITH CHECK (EXISTS (SELECT 1 FROM submissions s WHERE s.id = submission_id));
CREATE POLICY submission_reads_owner_all ON submission_reads FOR ALL TO portal_owner
  USING (true) WITH CHECK (true);

-- The audit log is append-only for everyone, the owner included: the trigger
-- refuses UPDATE, DELETE and TRUNCATE outright (grants already do for the
-- services). Only a superuser disabling triggers can tamper, and the hash chain
-- then names the row.
CREATE FUNCTION audit_events_append_only() RETURNS trigger
  LANGUAGE plpgsql
  AS $$ BEGIN RAISE EXCEPTION 'audit_events is append-only' USING ERRCODE = 'insufficient_privilege'; END $$;
CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();

-- Expired nonces are purged by the owner's maintenance task.
CREATE INDEX intake_nonces_expiry ON intake_nonces (expires_at);
