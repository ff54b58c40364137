-- migrate: as-connecting-user
-- The four roles of the health database. Roles belong to the whole cluster, so
-- each is created only when missing: the file re-runs on a cluster (or a second
-- database) where an operator or an earlier run already made them. They are
-- NOLOGIN here; development and test logins are enabled by the migrator
-- (`enableRoleLogins`), production operators give each role its own login and URL.
-- This file runs as the connecting user (a superuser in development), every
-- later file as portal_owner so that portal_owner owns every object.

DO $$
DECLARE
  r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['portal_owner', 'portal_app', 'portal_ingest', 'portal_analytics'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
      BEGIN
        EXECUTE format('CREATE ROLE %I NOLOGIN', r);
      EXCEPTION WHEN duplicate_object OR unique_violation THEN
        NULL; -- another migrator created it a moment ago
      END;
    END IF;
  END LOOP;
END $$;

-- The connecting user must be able to act as portal_owner to create its objects.
DO $$
BEGIN
  IF current_user <> 'portal_owner' AND NOT pg_has_role(current_user, 'portal_owner', 'MEMBER') THEN
    EXECUTE format('GRANT portal_owner TO %I', current_user);
  END IF;
END $$;

-- Nobody but the owner creates objects in the schema; the others only use it.
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE, CREATE ON SCHEMA public TO portal_owner;
GRANT USAGE ON SCHEMA public TO portal_app, portal_ingest, portal_analytics;

-- The migrator's own bookkeeping belongs to the owner like everything else, so
-- later files' schema-wide REVOKEs cover it.
ALTER TABLE schema_migrations OWNER TO portal_owner;
