-- Who can act on a resource outside our space: lookups kept for a while, and what the desk
-- has learnt about recipients (an address RDAP does not give, a web form, a language).
CREATE TABLE contact_lookups (
  resource      text PRIMARY KEY,       -- cleaned: an address, a CIDR range, a host, a URL
  result        jsonb NOT NULL,         -- the lookup as it was answered, with each source
  looked_up_at  timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL
);
CREATE INDEX contact_lookups_expires ON contact_lookups (expires_at);

CREATE TABLE contact_overrides (
  id                bigserial PRIMARY KEY,
  role              text NOT NULL,      -- host, registrar, registry, dns, platform, cert
  match_kind        text NOT NULL,      -- cidr, domain, organisation, registrar, tld, country
  match_value       text NOT NULL,
  organisation      text,
  email             text,
  web_form          text,
  phone             text,
  preferred_format  text,               -- xarf, mail, both
  language          text,               -- ja, en
  note              text,
  created_at        timestamptz NOT NULL DEFAULT now(),
  created_by        text NOT NULL,
  UNIQUE (role, match_kind, match_value)
);
