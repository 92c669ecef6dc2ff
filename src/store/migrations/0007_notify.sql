-- Telling people: customer notices, replies, reporter updates; every outgoing mail is
-- queued here before it is sent.

ALTER TABLE customers ADD COLUMN language text NOT NULL DEFAULT 'ja';
ALTER TABLE customers ADD COLUMN abuse_email text;   -- where notices go, if not `email`

-- When the customer was last told about the case (NULL: not yet; a reopened case is told again).
ALTER TABLE cases ADD COLUMN notified_at timestamptz;
ALTER TABLE cases ADD COLUMN customer_reported_fixed_at timestamptz;

CREATE TABLE outbox (
  id               bigserial PRIMARY KEY,
  kind             text NOT NULL,            -- customer_notice | reporter_update
  to_addrs         text[] NOT NULL,
  cc_addrs         text[] NOT NULL DEFAULT '{}',
  subject          text NOT NULL,
  text_body        text NOT NULL,
  html_body        text,
  headers          jsonb NOT NULL DEFAULT '{}',
  message_id       text NOT NULL UNIQUE,      -- fixed when queued: a resend after a crash is recognisable
  case_ids         bigint[] NOT NULL DEFAULT '{}',
  customer_id      text REFERENCES customers(id),
  report_id        uuid REFERENCES reports(id),
  language         text,
  dedup_key        text UNIQUE,               -- one reporter update per report, case and outcome
  state            text NOT NULL DEFAULT 'queued',   -- queued | sending | sent | failed
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  lease_until      timestamptz,
  last_error       text,
  created_by       text NOT NULL DEFAULT 'system',
  created_at       timestamptz NOT NULL DEFAULT now(),
  sent_at          timestamptz
);
CREATE INDEX outbox_due_idx ON outbox (next_attempt_at) WHERE state = 'queued';
CREATE INDEX outbox_cases_idx ON outbox USING gin (case_ids);

-- Bearer tokens for a notice's reply address and portal link: only their SHA-256 is kept.
CREATE TABLE reply_tokens (
  id          bigserial PRIMARY KEY,
  token_hash  text NOT NULL UNIQUE,
  purpose     text NOT NULL,                  -- mail | portal
  case_ids    bigint[] NOT NULL,
  customer_id text REFERENCES customers(id),
  outbox_id   bigint REFERENCES outbox(id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  revoked_at  timestamptz
);

-- What customers answered, by mail or through the portal, kept as it came.
CREATE TABLE case_replies (
  id           bigserial PRIMARY KEY,
  case_id      bigint NOT NULL REFERENCES cases(id),
  channel      text NOT NULL,                 -- mail | portal
  sender       text,
  subject      text,
  body         text NOT NULL,
  raw          bytea,
  fixed        boolean NOT NULL DEFAULT false,
  received_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_replies_case_idx ON case_replies (case_id, id);
