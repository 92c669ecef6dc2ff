-- Watching what was reported: is it still up, did it fall, and did it come back elsewhere.
CREATE TABLE watched_resources (
  id                  bigserial PRIMARY KEY,
  case_id             bigint NOT NULL REFERENCES cases(id),
  url                 text NOT NULL,
  host                text NOT NULL,
  state               text NOT NULL DEFAULT 'unknown',  -- unknown | up | down_unconfirmed | down
  checks              integer NOT NULL DEFAULT 0,
  consecutive_down    integer NOT NULL DEFAULT 0,
  interval_seconds    integer NOT NULL,
  next_check_at       timestamptz NOT NULL DEFAULT now(),
  lease_until         timestamptz,
  first_up_at         timestamptz,
  last_up_at          timestamptz,
  first_down_at       timestamptz,                     -- first check of the current down spell
  down_confirmed_at   timestamptz,                     -- the second down check in a row
  last_checked_at     timestamptz,
  last_status         integer,
  last_outcome        text,
  last_reason         text,
  last_addresses      text[] NOT NULL DEFAULT '{}',
  baseline_sha256     text,                            -- the content first seen up
  baseline_simhash    text,                            -- 16 hex digits
  last_sha256         text,
  stopped_at          timestamptz,
  created_at          timestamptz NOT NULL DEFAULT now(),
  UNIQUE (case_id, url)
);
CREATE INDEX watched_resources_due ON watched_resources (next_check_at) WHERE stopped_at IS NULL;

-- Pages seen up, by content: how the same kit is recognised on a new URL or domain.
CREATE TABLE content_fingerprints (
  id          bigserial PRIMARY KEY,
  case_id     bigint NOT NULL REFERENCES cases(id),
  url         text NOT NULL,
  host        text NOT NULL,
  path        text NOT NULL,
  sha256      text NOT NULL,
  simhash     text NOT NULL,
  addresses   text[] NOT NULL DEFAULT '{}',
  seen_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (case_id, url, sha256)
);
CREATE INDEX content_fingerprints_sha ON content_fingerprints (sha256);
