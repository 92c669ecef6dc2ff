-- Intake: reports kept byte-for-byte, their events, and tracking numbers.

CREATE TABLE tracking_sequences (
  prefix  text NOT NULL,
  year    integer NOT NULL,
  last    integer NOT NULL,
  PRIMARY KEY (prefix, year)
);

CREATE TABLE reports (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tracking_number  text NOT NULL UNIQUE,
  channel          text NOT NULL,            -- api | smtp | file
  content_type     text,
  filename         text,
  format           text,
  sender           text,                     -- mail envelope sender, or the submitting principal
  owner            text NOT NULL,            -- apikey:<id> / user:<id> / smtp: who may read it
  received_at      timestamptz NOT NULL DEFAULT now(),
  size             integer NOT NULL,
  sha256           text NOT NULL,
  raw              bytea NOT NULL,
  message_id       text,
  idempotency_key  text,
  status           text NOT NULL DEFAULT 'queued',   -- queued | processed | quarantined
  parser           text,
  reason           text,
  meta             jsonb NOT NULL DEFAULT '{}',
  event_count      integer NOT NULL DEFAULT 0,
  duplicate_count  integer NOT NULL DEFAULT 0,
  attempts         integer NOT NULL DEFAULT 0,
  processed_at     timestamptz
);
CREATE UNIQUE INDEX reports_same_mail ON reports (message_id, sha256) WHERE message_id IS NOT NULL;
CREATE UNIQUE INDEX reports_idempotency ON reports (owner, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX reports_status_idx ON reports (status, received_at);
CREATE INDEX reports_received_idx ON reports (received_at DESC, id DESC);

CREATE TABLE events (
  id                   bigserial PRIMARY KEY,
  report_id            uuid NOT NULL REFERENCES reports(id),
  dedup_key            text NOT NULL,
  classification_type  text NOT NULL,
  data                 jsonb NOT NULL,
  first_seen           timestamptz NOT NULL,
  last_seen            timestamptz NOT NULL,
  seen_count           integer NOT NULL DEFAULT 1
);
CREATE INDEX events_dedup_idx ON events (dedup_key, last_seen DESC);
CREATE INDEX events_report_idx ON events (report_id);

-- A report that saw an event already stored (counted on it, not stored again).
CREATE TABLE event_sightings (
  event_id   bigint NOT NULL REFERENCES events(id),
  report_id  uuid NOT NULL REFERENCES reports(id),
  PRIMARY KEY (event_id, report_id)
);

CREATE TABLE report_evidence (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  report_id    uuid NOT NULL REFERENCES reports(id),
  kind         text NOT NULL,
  media_type   text NOT NULL,
  description  text,
  filename     text,
  sha256       text NOT NULL,
  size         integer,
  data         bytea
);
CREATE INDEX report_evidence_report_idx ON report_evidence (report_id);
