-- De-identified export staging. Answers are sealed, so de-identification needs
-- decryption: the export's stage step runs as portal_app with the keys and
-- writes here only generalized values (no identity or contact fields, dates to
-- the month, ages over 89 bucketed, free text only when allowlisted) under a
-- per-export salted token instead of the submission id. portal_analytics reads
-- the rows through a view and nothing else; the rows are deleted when the
-- export has been written.
CREATE TABLE deid_export_rows (
  export_id       uuid NOT NULL,
  token           text NOT NULL,
  form_slug       text NOT NULL REFERENCES forms(slug),
  received_month  date NOT NULL CHECK (received_month = date_trunc('month', received_month)),
  answers         jsonb NOT NULL,
  staged_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (export_id, token)
);
CREATE INDEX deid_export_rows_staged ON deid_export_rows (staged_at);

REVOKE ALL ON deid_export_rows FROM PUBLIC;
-- The stager writes rows and removes them afterwards; it never reads answers back.
GRANT INSERT ON deid_export_rows TO portal_app;
GRANT SELECT (export_id, staged_at), DELETE ON deid_export_rows TO portal_app;

CREATE VIEW deid_export_v AS
  SELECT export_id, token, form_slug, to_char(received_month, 'YYYY-MM') AS received_month, answers
  FROM deid_export_rows;
REVOKE ALL ON deid_export_v FROM PUBLIC;
GRANT SELECT ON deid_export_v TO portal_analytics;
