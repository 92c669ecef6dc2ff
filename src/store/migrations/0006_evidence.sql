-- Evidence: what was captured about a case's resources, and a sealed ledger of every
-- capture, attached evidence item and action.

-- The public keys that have signed ledger entries (the private key never enters the database).
CREATE TABLE ledger_keys (
  id          text PRIMARY KEY,              -- SHA-256 of the raw public key, first 16 hex
  public_key  text NOT NULL,                 -- PEM (SPKI)
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE evidence_ledger (
  seq        bigint PRIMARY KEY,
  at         timestamptz NOT NULL,
  kind       text NOT NULL,                  -- capture | attachment | action | purge
  case_id    bigint,
  event_id   bigint,
  blobs      jsonb NOT NULL DEFAULT '[]',    -- SHA-256 of the blobs this entry vouches for
  actor      text NOT NULL,
  details    jsonb NOT NULL DEFAULT '{}',
  prev_hash  text NOT NULL,
  hash       text NOT NULL UNIQUE,
  key_id     text NOT NULL REFERENCES ledger_keys(id),
  signature  text NOT NULL                   -- Ed25519 over the hash, base64
);
CREATE INDEX evidence_ledger_case_idx ON evidence_ledger (case_id, seq);

CREATE FUNCTION evidence_ledger_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'evidence_ledger is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER evidence_ledger_no_update BEFORE UPDATE OR DELETE ON evidence_ledger
  FOR EACH ROW EXECUTE FUNCTION evidence_ledger_is_append_only();
CREATE TRIGGER evidence_ledger_no_truncate BEFORE TRUNCATE ON evidence_ledger
  FOR EACH STATEMENT EXECUTE FUNCTION evidence_ledger_is_append_only();

-- One capture of one target for a case: HTTP, DNS, RDAP, screenshot, or an attached item.
CREATE TABLE evidence_captures (
  id           bigserial PRIMARY KEY,
  case_id      bigint NOT NULL REFERENCES cases(id),
  event_id     bigint REFERENCES events(id),
  report_id    uuid REFERENCES reports(id),
  kind         text NOT NULL,                -- http | dns | rdap_domain | rdap_ip | screenshot | attachment
  target       text NOT NULL,
  status       text NOT NULL DEFAULT 'queued',  -- queued | done | failed | refused | skipped
  summary      text,                         -- one line: what came of it
  result       jsonb NOT NULL DEFAULT '{}',
  blobs        jsonb NOT NULL DEFAULT '[]',
  ledger_seq   bigint REFERENCES evidence_ledger(seq),
  created_at   timestamptz NOT NULL DEFAULT now(),
  finished_at  timestamptz
);
CREATE INDEX evidence_captures_case_idx ON evidence_captures (case_id, id);
CREATE INDEX evidence_captures_target_idx ON evidence_captures (case_id, kind, target, created_at);

-- Blobs whose bytes were purged after the retention period (the hash stays in the ledger).
CREATE TABLE evidence_purged (
  sha256     text PRIMARY KEY,
  purged_at  timestamptz NOT NULL DEFAULT now(),
  ledger_seq bigint NOT NULL REFERENCES evidence_ledger(seq)
);
