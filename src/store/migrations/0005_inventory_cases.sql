-- Inventory: who holds what, and since when. Assignments (netblocks, domains) carry a
-- validity period [valid_from, valid_to): a change closes the old period, never overwrites it.

CREATE TABLE teams (
  id          text PRIMARY KEY,            -- the provider's own id (teams.csv team_id)
  name        text NOT NULL,
  email       text,
  company     text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE customers (
  id            text PRIMARY KEY,
  name          text NOT NULL,
  email         text,
  phone         text,
  country       text,
  verification  text NOT NULL DEFAULT 'none',  -- none | phone | postal | phone+postal | …
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE services (
  id           text PRIMARY KEY,
  customer_id  text NOT NULL REFERENCES customers(id),
  type         text NOT NULL CHECK (type IN ('shared', 'vps', 'dedicated', 'cloud', 'reseller', 'colocation')),
  plan         text,
  team_id      text NOT NULL REFERENCES teams(id),
  valid_from   timestamptz NOT NULL,
  valid_to     timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  CHECK (valid_to IS NULL OR valid_to > valid_from)
);
CREATE INDEX services_customer_idx ON services (customer_id);

CREATE TABLE netblocks (
  id          bigserial PRIMARY KEY,
  cidr        cidr NOT NULL,
  service_id  text REFERENCES services(id),   -- NULL for a shared platform of many customers
  team_id     text REFERENCES teams(id),      -- the platform's team (a service names its own)
  shared      boolean NOT NULL DEFAULT false,
  valid_from  timestamptz NOT NULL,
  valid_to    timestamptz,
  note        text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CHECK (service_id IS NOT NULL OR team_id IS NOT NULL),
  CHECK (valid_to IS NULL OR valid_to > valid_from)
);
CREATE INDEX netblocks_cidr_gist ON netblocks USING gist (cidr inet_ops);
CREATE INDEX netblocks_cidr_idx ON netblocks (cidr, valid_from);
CREATE INDEX netblocks_service_idx ON netblocks (service_id);

CREATE TABLE domains (
  id          bigserial PRIMARY KEY,
  domain      text NOT NULL,                  -- lower case, no trailing dot
  service_id  text NOT NULL REFERENCES services(id),
  valid_from  timestamptz NOT NULL,
  valid_to    timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CHECK (valid_to IS NULL OR valid_to > valid_from)
);
CREATE INDEX domains_name_idx ON domains (domain, valid_from);
CREATE INDEX domains_service_idx ON domains (service_id);

-- Bumped by every inventory change: each process rebuilds its in-memory index when it moves.
CREATE TABLE inventory_state (
  id          integer PRIMARY KEY CHECK (id = 1),
  version     bigint NOT NULL,
  changed_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO inventory_state (id, version) VALUES (1, 0);

-- Cases: events about one resource and one kind of abuse, for one contract.
CREATE TABLE cases (
  id                   bigserial PRIMARY KEY,
  group_key            text NOT NULL,
  state                text NOT NULL DEFAULT 'new'
                       CHECK (state IN ('new', 'acknowledged', 'waiting_customer', 'action_taken', 'resolved', 'closed', 'rejected')),
  classification_type  text NOT NULL,
  taxonomy             text NOT NULL,
  ownership            text NOT NULL CHECK (ownership IN ('customer', 'platform', 'not_ours')),
  service_id           text REFERENCES services(id),
  service_type         text,
  customer_id          text REFERENCES customers(id),
  team_id              text REFERENCES teams(id),
  netblock_id          bigint REFERENCES netblocks(id),
  resource             text NOT NULL,          -- host name, registrable domain or IP the case is about
  misuse_type          text NOT NULL DEFAULT 'undetermined',
  misuse_suggestions   jsonb NOT NULL DEFAULT '[]',
  assignee             text,
  event_count          integer NOT NULL DEFAULT 0,
  first_event_at       timestamptz NOT NULL,
  last_event_at        timestamptz NOT NULL,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  first_action_due     timestamptz,
  resolution_due       timestamptz,
  first_action_at      timestamptz,
  resolved_at          timestamptz,
  closed_at            timestamptz,
  paused_since         timestamptz,
  paused_seconds       integer NOT NULL DEFAULT 0,
  next_deadline        timestamptz,            -- the nearest running deadline; NULL when none runs
  reemerged            boolean NOT NULL DEFAULT false,
  reemerged_count      integer NOT NULL DEFAULT 0,
  merged_into          bigint REFERENCES cases(id)
);
-- One open case per group: a resolved case keeps its group until it is closed.
CREATE UNIQUE INDEX cases_open_group ON cases (group_key) WHERE state NOT IN ('closed', 'rejected');
CREATE INDEX cases_queue_idx ON cases (next_deadline, id);
CREATE INDEX cases_state_idx ON cases (state, id);
CREATE INDEX cases_service_idx ON cases (service_id);
CREATE INDEX cases_customer_idx ON cases (customer_id);
CREATE INDEX cases_team_idx ON cases (team_id);
CREATE INDEX cases_created_idx ON cases (created_at);

-- What happened to a case, in order: creation, events, transitions, notes, actions, …
CREATE TABLE case_timeline (
  id       bigserial PRIMARY KEY,
  case_id  bigint NOT NULL REFERENCES cases(id),
  at       timestamptz NOT NULL DEFAULT now(),
  kind     text NOT NULL,
  actor    text NOT NULL,
  detail   jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX case_timeline_case_idx ON case_timeline (case_id, id);
CREATE INDEX case_timeline_actions_idx ON case_timeline (kind, at) WHERE kind = 'action';

-- Where each event landed: the owner at the event's time, and its case.
ALTER TABLE events ADD COLUMN case_id bigint REFERENCES cases(id);
ALTER TABLE events ADD COLUMN resolution jsonb;
CREATE INDEX events_case_idx ON events (case_id);
CREATE INDEX events_unrouted_idx ON events (report_id, id) WHERE case_id IS NULL;
