import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  cidr,
  customType,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";

// Mirrors src/store/migrations/*.sql, which are the source of truth for the database: every
// table, column by column (test/architecture.test.ts compares the two on a migrated
// database). These declarations give the query layer its types.

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

// drizzle's pg-core has no bytea column of its own.
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => "bytea",
});

export const apiKeys = pgTable("api_keys", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  role: text("role").notNull(),
  keyPrefix: text("key_prefix").notNull(),
  keyHash: text("key_hash").notNull(),
  createdAt: ts("created_at").notNull().defaultNow(),
  createdBy: text("created_by").notNull(),
  lastUsedAt: ts("last_used_at"),
  revokedAt: ts("revoked_at"),
});

export const auditLog = pgTable("audit_log", {
  seq: bigint("seq", { mode: "number" }).primaryKey(),
  at: ts("at").notNull(),
  actor: text("actor").notNull(),
  action: text("action").notNull(),
  target: text("target").notNull(),
  details: jsonb("details").notNull(),
  prevHash: text("prev_hash").notNull(),
  hash: text("hash").notNull(),
});

export const caseReplies = pgTable("case_replies", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  caseId: bigint("case_id", { mode: "number" }).notNull(),
  channel: text("channel").notNull(),
  sender: text("sender"),
  subject: text("subject"),
  body: text("body").notNull(),
  raw: bytea("raw"),
  fixed: boolean("fixed").notNull().default(sql`false`),
  receivedAt: ts("received_at").notNull().defaultNow(),
});

export const caseTimeline = pgTable("case_timeline", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  caseId: bigint("case_id", { mode: "number" }).notNull(),
  at: ts("at").notNull().defaultNow(),
  kind: text("kind").notNull(),
  actor: text("actor").notNull(),
  detail: jsonb("detail").notNull().default(sql`'{}'::jsonb`),
});

export const cases = pgTable("cases", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  groupKey: text("group_key").notNull(),
  state: text("state").notNull().default(sql`'new'::text`),
  classificationType: text("classification_type").notNull(),
  taxonomy: text("taxonomy").notNull(),
  ownership: text("ownership").notNull(),
  serviceId: text("service_id"),
  serviceType: text("service_type"),
  customerId: text("customer_id"),
  teamId: text("team_id"),
  netblockId: bigint("netblock_id", { mode: "number" }),
  resource: text("resource").notNull(),
  misuseType: text("misuse_type").notNull().default(sql`'undetermined'::text`),
  misuseSuggestions: jsonb("misuse_suggestions").notNull().default(sql`'[]'::jsonb`),
  assignee: text("assignee"),
  eventCount: integer("event_count").notNull().default(sql`0`),
  firstEventAt: ts("first_event_at").notNull(),
  lastEventAt: ts("last_event_at").notNull(),
  createdAt: ts("created_at").notNull().defaultNow(),
  updatedAt: ts("updated_at").notNull().defaultNow(),
  firstActionDue: ts("first_action_due"),
  resolutionDue: ts("resolution_due"),
  firstActionAt: ts("first_action_at"),
  resolvedAt: ts("resolved_at"),
  closedAt: ts("closed_at"),
  pausedSince: ts("paused_since"),
  pausedSeconds: integer("paused_seconds").notNull().default(sql`0`),
  nextDeadline: ts("next_deadline"),
  reemerged: boolean("reemerged").notNull().default(sql`false`),
  reemergedCount: integer("reemerged_count").notNull().default(sql`0`),
  mergedInto: bigint("merged_into", { mode: "number" }),
  notifiedAt: ts("notified_at"),
  customerReportedFixedAt: ts("customer_reported_fixed_at"),
});

export const customers = pgTable("customers", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  email: text("email"),
  phone: text("phone"),
  country: text("country"),
  verification: text("verification").notNull().default(sql`'none'::text`),
  createdAt: ts("created_at").notNull().defaultNow(),
  updatedAt: ts("updated_at").notNull().defaultNow(),
  language: text("language").notNull().default(sql`'ja'::text`),
  abuseEmail: text("abuse_email"),
});

export const domains = pgTable("domains", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  domain: text("domain").notNull(),
  serviceId: text("service_id").notNull(),
  validFrom: ts("valid_from").notNull(),
  validTo: ts("valid_to"),
  createdAt: ts("created_at").notNull().defaultNow(),
  updatedAt: ts("updated_at").notNull().defaultNow(),
});

export const eventSightings = pgTable("event_sightings", {
  eventId: bigint("event_id", { mode: "number" }).notNull(),
  reportId: uuid("report_id").notNull(),
});

export const events = pgTable("events", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  reportId: uuid("report_id").notNull(),
  dedupKey: text("dedup_key").notNull(),
  classificationType: text("classification_type").notNull(),
  data: jsonb("data").notNull(),
  firstSeen: ts("first_seen").notNull(),
  lastSeen: ts("last_seen").notNull(),
  seenCount: integer("seen_count").notNull().default(sql`1`),
  lastReportedAt: ts("last_reported_at").notNull().defaultNow(),
  caseId: bigint("case_id", { mode: "number" }),
  resolution: jsonb("resolution"),
});

export const evidenceCaptures = pgTable("evidence_captures", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  caseId: bigint("case_id", { mode: "number" }).notNull(),
  eventId: bigint("event_id", { mode: "number" }),
  reportId: uuid("report_id"),
  kind: text("kind").notNull(),
  target: text("target").notNull(),
  status: text("status").notNull().default(sql`'queued'::text`),
  summary: text("summary"),
  result: jsonb("result").notNull().default(sql`'{}'::jsonb`),
  blobs: jsonb("blobs").notNull().default(sql`'[]'::jsonb`),
  ledgerSeq: bigint("ledger_seq", { mode: "number" }),
  createdAt: ts("created_at").notNull().defaultNow(),
  finishedAt: ts("finished_at"),
});

export const evidenceLedger = pgTable("evidence_ledger", {
  seq: bigint("seq", { mode: "number" }).primaryKey(),
  at: ts("at").notNull(),
  kind: text("kind").notNull(),
  caseId: bigint("case_id", { mode: "number" }),
  eventId: bigint("event_id", { mode: "number" }),
  blobs: jsonb("blobs").notNull().default(sql`'[]'::jsonb`),
  actor: text("actor").notNull(),
  details: jsonb("details").notNull().default(sql`'{}'::jsonb`),
  prevHash: text("prev_hash").notNull(),
  hash: text("hash").notNull(),
  keyId: text("key_id").notNull(),
  signature: text("signature").notNull(),
});

export const evidencePurged = pgTable("evidence_purged", {
  sha256: text("sha256").primaryKey(),
  purgedAt: ts("purged_at").notNull().defaultNow(),
  ledgerSeq: bigint("ledger_seq", { mode: "number" }).notNull(),
});

export const inventoryState = pgTable("inventory_state", {
  id: integer("id").primaryKey(),
  version: bigint("version", { mode: "number" }).notNull(),
  changedAt: ts("changed_at").notNull().defaultNow(),
});

export const jobRuns = pgTable("job_runs", {
  subject: text("subject").primaryKey(),
  queue: text("queue").notNull(),
  jobId: uuid("job_id").notNull(),
  payload: jsonb("payload").notNull(),
  process: text("process").notNull(),
  startedAt: ts("started_at").notNull().defaultNow(),
  crashes: integer("crashes").notNull().default(sql`0`),
  setAsideAt: ts("set_aside_at"),
});

export const ledgerKeys = pgTable("ledger_keys", {
  id: text("id").primaryKey(),
  publicKey: text("public_key").notNull(),
  createdAt: ts("created_at").notNull().defaultNow(),
});

export const loginFailures = pgTable("login_failures", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  username: text("username").notNull(),
  clientIp: text("client_ip").notNull(),
  at: ts("at").notNull().defaultNow(),
});

export const netblocks = pgTable("netblocks", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  cidr: cidr("cidr").notNull(),
  serviceId: text("service_id"),
  teamId: text("team_id"),
  shared: boolean("shared").notNull().default(sql`false`),
  validFrom: ts("valid_from").notNull(),
  validTo: ts("valid_to"),
  note: text("note"),
  createdAt: ts("created_at").notNull().defaultNow(),
  updatedAt: ts("updated_at").notNull().defaultNow(),
});

export const outbox = pgTable("outbox", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  kind: text("kind").notNull(),
  toAddrs: text("to_addrs").array().notNull(),
  ccAddrs: text("cc_addrs").array().notNull().default(sql`'{}'::text[]`),
  subject: text("subject").notNull(),
  textBody: text("text_body").notNull(),
  htmlBody: text("html_body"),
  headers: jsonb("headers").notNull().default(sql`'{}'::jsonb`),
  messageId: text("message_id").notNull(),
  caseIds: bigint("case_ids", { mode: "number" }).array().notNull().default(sql`'{}'::bigint[]`),
  customerId: text("customer_id"),
  reportId: uuid("report_id"),
  language: text("language"),
  dedupKey: text("dedup_key"),
  state: text("state").notNull().default(sql`'queued'::text`),
  attempts: integer("attempts").notNull().default(sql`0`),
  nextAttemptAt: ts("next_attempt_at").notNull().defaultNow(),
  leaseUntil: ts("lease_until"),
  lastError: text("last_error"),
  createdBy: text("created_by").notNull().default(sql`'system'::text`),
  createdAt: ts("created_at").notNull().defaultNow(),
  sentAt: ts("sent_at"),
  attachments: jsonb("attachments").notNull().default(sql`'[]'::jsonb`),
});

export const replyTokens = pgTable("reply_tokens", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  tokenHash: text("token_hash").notNull(),
  purpose: text("purpose").notNull(),
  caseIds: bigint("case_ids", { mode: "number" }).array().notNull(),
  customerId: text("customer_id"),
  outboxId: bigint("outbox_id", { mode: "number" }),
  createdAt: ts("created_at").notNull().defaultNow(),
  expiresAt: ts("expires_at").notNull(),
  revokedAt: ts("revoked_at"),
});

export const reportChunks = pgTable("report_chunks", {
  reportId: uuid("report_id").notNull(),
  seq: integer("seq").notNull(),
  data: bytea("data").notNull(),
});

export const reportEvidence = pgTable("report_evidence", {
  id: uuid("id").primaryKey().defaultRandom(),
  reportId: uuid("report_id").notNull(),
  kind: text("kind").notNull(),
  mediaType: text("media_type").notNull(),
  description: text("description"),
  filename: text("filename"),
  sha256: text("sha256").notNull(),
  size: integer("size"),
  data: bytea("data"),
});

export const reports = pgTable("reports", {
  id: uuid("id").primaryKey().defaultRandom(),
  trackingNumber: text("tracking_number"),
  channel: text("channel").notNull(),
  contentType: text("content_type"),
  filename: text("filename"),
  format: text("format"),
  sender: text("sender"),
  owner: text("owner").notNull(),
  receivedAt: ts("received_at").notNull().defaultNow(),
  size: bigint("size", { mode: "number" }).notNull(),
  sha256: text("sha256").notNull(),
  raw: bytea("raw"),
  messageId: text("message_id"),
  idempotencyKey: text("idempotency_key"),
  status: text("status").notNull().default(sql`'queued'::text`),
  parser: text("parser"),
  reason: text("reason"),
  meta: jsonb("meta").notNull().default(sql`'{}'::jsonb`),
  eventCount: integer("event_count").notNull().default(sql`0`),
  duplicateCount: integer("duplicate_count").notNull().default(sql`0`),
  attempts: integer("attempts").notNull().default(sql`0`),
  processedAt: ts("processed_at"),
  chunks: integer("chunks").notNull().default(sql`0`),
});

export const savedFilters = pgTable("saved_filters", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  owner: text("owner").notNull(),
  name: text("name").notNull(),
  query: text("query").notNull(),
  createdAt: ts("created_at").notNull().defaultNow(),
});

export const services = pgTable("services", {
  id: text("id").primaryKey(),
  customerId: text("customer_id").notNull(),
  type: text("type").notNull(),
  plan: text("plan"),
  teamId: text("team_id").notNull(),
  validFrom: ts("valid_from").notNull(),
  validTo: ts("valid_to"),
  createdAt: ts("created_at").notNull().defaultNow(),
  updatedAt: ts("updated_at").notNull().defaultNow(),
});

export const sessions = pgTable("sessions", {
  tokenHash: text("token_hash").primaryKey(),
  userId: uuid("user_id").notNull(),
  csrfToken: text("csrf_token").notNull(),
  createdAt: ts("created_at").notNull().defaultNow(),
  expiresAt: ts("expires_at").notNull(),
  lastSeenAt: ts("last_seen_at").notNull().defaultNow(),
});

export const teams = pgTable("teams", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  email: text("email"),
  company: text("company"),
  createdAt: ts("created_at").notNull().defaultNow(),
  updatedAt: ts("updated_at").notNull().defaultNow(),
});

export const trackingSequences = pgTable("tracking_sequences", {
  prefix: text("prefix").notNull(),
  year: integer("year").notNull(),
  last: integer("last").notNull(),
});

export const users = pgTable("users", {
  id: uuid("id").primaryKey().defaultRandom(),
  username: text("username").notNull(),
  displayName: text("display_name").notNull().default(sql`''::text`),
  role: text("role").notNull(),
  passwordHash: text("password_hash").notNull(),
  createdAt: ts("created_at").notNull().defaultNow(),
  passwordChangedAt: ts("password_changed_at").notNull().defaultNow(),
  disabledAt: ts("disabled_at"),
  language: text("language").notNull().default(sql`'ja'::text`),
});

export const contactLookups = pgTable("contact_lookups", {
  resource: text("resource").primaryKey(),
  result: jsonb("result").notNull(),
  lookedUpAt: ts("looked_up_at").notNull().defaultNow(),
  expiresAt: ts("expires_at").notNull(),
});

export const contactOverrides = pgTable("contact_overrides", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  role: text("role").notNull(),
  matchKind: text("match_kind").notNull(),
  matchValue: text("match_value").notNull(),
  organisation: text("organisation"),
  email: text("email"),
  webForm: text("web_form"),
  phone: text("phone"),
  preferredFormat: text("preferred_format"),
  language: text("language"),
  note: text("note"),
  createdAt: ts("created_at").notNull().defaultNow(),
  createdBy: text("created_by").notNull(),
});

export const takedownRequests = pgTable("takedown_requests", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  caseId: bigint("case_id", { mode: "number" }).notNull(),
  role: text("role").notNull(),
  recipient: jsonb("recipient").notNull(),
  channel: text("channel").notNull(),
  format: text("format").notNull(),
  language: text("language").notNull(),
  resources: text("resources").array().notNull(),
  subject: text("subject").notNull(),
  body: text("body").notNull(),
  xarf: jsonb("xarf"),
  state: text("state").notNull().default(sql`'draft'::text`),
  deadlineAt: ts("deadline_at"),
  escalates: bigint("escalates", { mode: "number" }),
  outboxId: bigint("outbox_id", { mode: "number" }),
  replyTokenId: bigint("reply_token_id", { mode: "number" }),
  createdAt: ts("created_at").notNull().defaultNow(),
  createdBy: text("created_by").notNull(),
  sentAt: ts("sent_at"),
  acknowledgedAt: ts("acknowledged_at"),
  actedAt: ts("acted_at"),
  downAt: ts("down_at"),
  closedAt: ts("closed_at"),
  updatedAt: ts("updated_at").notNull().defaultNow(),
});

export const takedownReplies = pgTable("takedown_replies", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  requestId: bigint("request_id", { mode: "number" }).notNull(),
  sender: text("sender"),
  subject: text("subject"),
  body: text("body").notNull(),
  raw: bytea("raw"),
  receivedAt: ts("received_at").notNull().defaultNow(),
});

export const watchedResources = pgTable("watched_resources", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  caseId: bigint("case_id", { mode: "number" }).notNull(),
  url: text("url").notNull(),
  host: text("host").notNull(),
  state: text("state").notNull().default(sql`'unknown'::text`),
  checks: integer("checks").notNull().default(sql`0`),
  consecutiveDown: integer("consecutive_down").notNull().default(sql`0`),
  intervalSeconds: integer("interval_seconds").notNull(),
  nextCheckAt: ts("next_check_at").notNull().defaultNow(),
  leaseUntil: ts("lease_until"),
  firstUpAt: ts("first_up_at"),
  lastUpAt: ts("last_up_at"),
  firstDownAt: ts("first_down_at"),
  downConfirmedAt: ts("down_confirmed_at"),
  lastCheckedAt: ts("last_checked_at"),
  lastStatus: integer("last_status"),
  lastOutcome: text("last_outcome"),
  lastReason: text("last_reason"),
  lastAddresses: text("last_addresses").array().notNull().default(sql`'{}'::text[]`),
  baselineSha256: text("baseline_sha256"),
  baselineSimhash: text("baseline_simhash"),
  lastSha256: text("last_sha256"),
  stoppedAt: ts("stopped_at"),
  createdAt: ts("created_at").notNull().defaultNow(),
});

export const contentFingerprints = pgTable("content_fingerprints", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  caseId: bigint("case_id", { mode: "number" }).notNull(),
  url: text("url").notNull(),
  host: text("host").notNull(),
  path: text("path").notNull(),
  sha256: text("sha256").notNull(),
  simhash: text("simhash").notNull(),
  addresses: text("addresses").array().notNull().default(sql`'{}'::text[]`),
  seenAt: ts("seen_at").notNull().defaultNow(),
});
