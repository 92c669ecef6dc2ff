-- A feed is received outside any long transaction: its row exists (status 'receiving',
-- no tracking number yet) while the chunks stream in.
ALTER TABLE reports ALTER COLUMN tracking_number DROP NOT NULL;
ALTER TABLE reports ALTER COLUMN size TYPE bigint;

-- The same mail from two submitters is two reports: each may read only its own.
DROP INDEX reports_same_mail;
CREATE UNIQUE INDEX reports_same_mail ON reports (owner, message_id, sha256) WHERE message_id IS NOT NULL;

-- The dedup window runs on when Mogura last got the event, not on the reporter's clock.
ALTER TABLE events ADD COLUMN last_reported_at timestamptz NOT NULL DEFAULT now();
DROP INDEX events_dedup_idx;
CREATE INDEX events_dedup_idx ON events (dedup_key, last_reported_at DESC);
