-- Service principals (EHR clients) are rows of `staff` so that read markers and
-- audit rows key on one id space, but they are not people: they never sign in,
-- never hold a role, and do not appear in staff administration. `kind` says
-- which is which, and the database, not only the application, keeps a service
-- principal inert.
ALTER TABLE staff ADD COLUMN kind text NOT NULL DEFAULT 'person' CHECK (kind IN ('person', 'service'));
UPDATE staff SET kind = 'service' WHERE id IN (SELECT id FROM ehr_clients);
ALTER TABLE staff ADD CONSTRAINT staff_service_inert
  CHECK (kind = 'person' OR (NOT active AND password_hash IS NULL AND enrollment_token_hash IS NULL));

CREATE FUNCTION staff_roles_people_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM staff WHERE id = NEW.staff_id AND kind <> 'person') THEN
    RAISE EXCEPTION 'service principals hold no roles' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER staff_roles_people_only BEFORE INSERT OR UPDATE ON staff_roles
  FOR EACH ROW EXECUTE FUNCTION staff_roles_people_only();
