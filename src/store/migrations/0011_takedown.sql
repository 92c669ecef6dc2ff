-- Asking other providers to act on what is not ours: one request per recipient, its state
-- from draft to closed, and the answers threaded back to it.
CREATE TABLE takedown_requests (
  id               bigserial PRIMARY KEY,
  case_id          bigint NOT NULL REFERENCES cases(id),
  role             text NOT NULL,          -- host, registrar, registry, dns, platform, cert
  recipient        jsonb NOT NULL,         -- the contact as looked up, with its source
  channel          text NOT NULL,          -- email | web_form
  format           text NOT NULL,          -- xarf | mail | both
  language         text NOT NULL,          -- ja | en
  resources        text[] NOT NULL,        -- the URLs, hosts or addresses asked about
  subject          text NOT NULL,
  body             text NOT NULL,          -- as the recipient reads it, reply address marked
  xarf             jsonb,                  -- { reports: [...] } attached when the format says
  state            text NOT NULL DEFAULT 'draft',
  deadline_at      timestamptz,
  escalates        bigint REFERENCES takedown_requests(id),
  outbox_id        bigint,
  reply_token_id   bigint,
  created_at       timestamptz NOT NULL DEFAULT now(),
  created_by       text NOT NULL,
  sent_at          timestamptz,
  acknowledged_at  timestamptz,
  acted_at         timestamptz,
  down_at          timestamptz,
  closed_at        timestamptz,
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX takedown_requests_case ON takedown_requests (case_id);
CREATE INDEX takedown_requests_waiting ON takedown_requests (deadline_at)
  WHERE state IN ('sent', 'acknowledged');
CREATE INDEX takedown_requests_token ON takedown_requests (reply_token_id);

CREATE TABLE takedown_replies (
  id           bigserial PRIMARY KEY,
  request_id   bigint NOT NULL REFERENCES takedown_requests(id),
  sender       text,
  subject      text,
  body         text NOT NULL,
  raw          bytea,
  received_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX takedown_replies_request ON takedown_replies (request_id);

-- Mail may carry files now (a takedown request's XARF report).
ALTER TABLE outbox ADD COLUMN attachments jsonb NOT NULL DEFAULT '[]';
