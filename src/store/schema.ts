import { bigint, bigserial, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

// Mirrors src/store/migrations/*.sql, which are the source of truth for the database;
// these declarations give the query layer its types.

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

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

export const users = pgTable("users", {
  id: uuid("id").primaryKey().defaultRandom(),
  username: text("username").notNull(),
  displayName: text("display_name").notNull().default(""),
  role: text("role").notNull(),
  passwordHash: text("password_hash").notNull(),
  createdAt: ts("created_at").notNull().defaultNow(),
  passwordChangedAt: ts("password_changed_at").notNull().defaultNow(),
  disabledAt: ts("disabled_at"),
});

export const sessions = pgTable("sessions", {
  tokenHash: text("token_hash").primaryKey(),
  userId: uuid("user_id").notNull(),
  csrfToken: text("csrf_token").notNull(),
  createdAt: ts("created_at").notNull().defaultNow(),
  expiresAt: ts("expires_at").notNull(),
  lastSeenAt: ts("last_seen_at").notNull().defaultNow(),
});

export const loginFailures = pgTable("login_failures", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  username: text("username").notNull(),
  clientIp: text("client_ip").notNull(),
  at: ts("at").notNull().defaultNow(),
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
