-- Retiring an intake key makes the submissions sealed to it unreadable, so it is
-- refused while any of them is not done. The staff API's role sees only its
-- clinics' rows, so the count runs with the owner's rights and returns nothing
-- but a number.
CREATE FUNCTION intake_key_open_submissions(p_kid text) RETURNS bigint
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = public, pg_temp
  AS $$ SELECT count(*) FROM submissions WHERE kid = p_kid AND status <> 'done' $$;
REVOKE ALL ON FUNCTION intake_key_open_submissions(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION intake_key_open_submissions(text) TO portal_app;
