/**
 * Which module owns each table. Only the owner writes it (INSERT, UPDATE, DELETE, COPY)
 * and only the owner's functions are how other modules change it. A few modules may also
 * read a table in their own SQL, where a join is the work itself (statistics, grouping,
 * rendering a notice from a case's events); each such reader is named here with the
 * reason. test/architecture.test.ts holds the code to this map; docs/architecture.md
 * shows it as a table.
 */
export interface TableOwnership {
  /** The directory under src/ that owns the table. */
  owner: string;
  /** Other modules that may read it in their own SQL, and why. */
  readers?: Record<string, string>;
}

const EVENTS_READERS = {
  cases:
    "grouping, the queue's search, a case's detail and the statistics join events to cases by the thousand",
  notify: "a notice lists the URLs and addresses of its case's events",
  evidence: "captures are planned from the events of a routed report",
  watch: "the URLs a routed report brought onto not-ours cases are watched",
};

export const TABLE_OWNERS: Record<string, TableOwnership> = {
  audit_log: { owner: "audit" },
  api_keys: { owner: "auth" },
  users: { owner: "auth" },
  sessions: { owner: "auth" },
  login_failures: { owner: "auth" },
  saved_filters: { owner: "auth" },
  reports: {
    owner: "intake",
    readers: {
      cases: "statistics count reports per channel and month",
      notify:
        "tracking numbers, reporters' consent and TLP decide what a notice or an update may say",
      evidence: "an evidence package names the reports behind its case",
    },
  },
  report_chunks: { owner: "intake" },
  report_evidence: {
    owner: "intake",
    readers: { evidence: "attachments that came with a report are sealed into the ledger" },
  },
  events: { owner: "intake", readers: EVENTS_READERS },
  event_sightings: {
    owner: "intake",
    readers: {
      cases: "a report that saw known events again reopens their cases; statistics",
      notify: "reporters who saw an event again hear when its case ends",
    },
  },
  tracking_sequences: {
    owner: "intake",
    readers: { cases: "statistics show tracking numbers issued per year" },
  },
  teams: { owner: "inventory" },
  customers: {
    owner: "inventory",
    readers: { notify: "a notice is addressed and worded from the customer's record" },
  },
  services: { owner: "inventory" },
  netblocks: { owner: "inventory" },
  domains: { owner: "inventory" },
  inventory_state: { owner: "inventory" },
  cases: {
    owner: "cases",
    readers: {
      notify: "notices are drafted from the facts of their cases",
      evidence: "captures belong to a case; retention looks at when it closed",
      watch: "only cases that are not ours, and still open, are watched",
      inventory:
        "a team, customer or service a case names cannot be deleted (the inventory sits upstream of the cases module, so it reads rather than asks)",
    },
  },
  case_timeline: { owner: "cases" },
  evidence_captures: {
    owner: "evidence",
    readers: { notify: "a notice lists the evidence that may be shown to the customer" },
  },
  evidence_ledger: { owner: "evidence" },
  contact_lookups: { owner: "contacts" },
  contact_overrides: { owner: "contacts" },
  takedown_requests: {
    owner: "takedown",
    readers: { watch: "takedown figures join the requests to what the watch saw of their sites" },
  },
  takedown_replies: { owner: "takedown" },
  watched_resources: { owner: "watch" },
  content_fingerprints: { owner: "watch" },
  evidence_purged: { owner: "evidence" },
  ledger_keys: { owner: "evidence" },
  outbox: { owner: "notify" },
  reply_tokens: { owner: "notify" },
  case_replies: { owner: "notify" },
  job_runs: { owner: "jobs" },
};
