-- The analyst UI: each person's language, and the queue filters they saved.
ALTER TABLE users ADD COLUMN language text NOT NULL DEFAULT 'ja';

CREATE TABLE saved_filters (
  id          bigserial PRIMARY KEY,
  owner       text NOT NULL,        -- user:<name> or apikey:<name>
  name        text NOT NULL,
  query       text NOT NULL,        -- the queue's query string
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (owner, name)
);
