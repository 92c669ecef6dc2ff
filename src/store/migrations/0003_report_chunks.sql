-- Large feeds are stored in chunks as they stream in, never whole in memory.

ALTER TABLE reports ALTER COLUMN raw DROP NOT NULL;
ALTER TABLE reports ADD COLUMN chunks integer NOT NULL DEFAULT 0;

CREATE TABLE report_chunks (
  report_id  uuid NOT NULL REFERENCES reports(id),
  seq        integer NOT NULL,
  data       bytea NOT NULL,
  PRIMARY KEY (report_id, seq)
);
