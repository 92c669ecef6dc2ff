import { asc, desc, gt, sql } from "drizzle-orm";
import { z } from "zod";
import { canonicalJson, sha256Hex } from "../domain/canonical-json.ts";
import type { Db, SqlRunner } from "../store/database.ts";
import { auditLog } from "../store/schema.ts";

export const GENESIS_HASH = "0".repeat(64);
const AUDIT_LOCK = 7_140_002;

export const AuditEntry = z.object({
  seq: z.number().int(),
  at: z.string().describe("UTC ISO-8601 time of the entry"),
  actor: z.string().describe("who: apikey:<name>, user:<username> or system"),
  action: z.string(),
  target: z.string(),
  details: z.record(z.string(), z.unknown()),
  prev_hash: z.string(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export interface AuditInput {
  actor: string;
  action: string;
  target: string;
  details?: Record<string, unknown>;
}

/** The hash of an entry: SHA-256 over the canonical JSON of every field but `hash`. */
export function auditHash(e: Omit<AuditEntry, "hash">): string {
  return sha256Hex(canonicalJson(e));
}

/**
 * Appends one entry, linked to the one before. Serialised by a transaction-level advisory
 * lock so concurrent writers (several processes on one server) never fork the chain. Pass a
 * transaction to make the entry part of the change it records.
 */
export async function appendAudit(db: Db, input: AuditInput): Promise<AuditEntry> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK})`);
    const [last] = await tx
      .select({ seq: auditLog.seq, hash: auditLog.hash })
      .from(auditLog)
      .orderBy(desc(auditLog.seq))
      .limit(1);
    const entry = nextEntry(last, input);
    await tx.insert(auditLog).values({
      seq: entry.seq,
      at: new Date(entry.at),
      actor: entry.actor,
      action: entry.action,
      target: entry.target,
      details: entry.details,
      prevHash: entry.prev_hash,
      hash: entry.hash,
    });
    return entry;
  });
}

/** The entry that follows `last`, with its hash. */
function nextEntry(last: { seq: number; hash: string } | undefined, input: AuditInput): AuditEntry {
  const body = {
    seq: (last?.seq ?? 0) + 1,
    at: new Date().toISOString(),
    actor: input.actor,
    action: input.action,
    target: input.target,
    details: input.details ?? {},
    prev_hash: last?.hash ?? GENESIS_HASH,
  };
  return { ...body, hash: auditHash(body) };
}

/**
 * `appendAudit` for raw-SQL code: inside a transaction, the entry commits or rolls back
 * with the change it records.
 */
// Raw SQL: callers hand in a bare SqlRunner (their raw-SQL transaction, e.g. in the case
// router), which has no typed layer; lock, read and insert must run on that connection.
export async function appendAuditSql(tx: SqlRunner, input: AuditInput): Promise<AuditEntry> {
  await tx.query("SELECT pg_advisory_xact_lock($1)", [AUDIT_LOCK]);
  const [last] = await tx.query<{ seq: string | number; hash: string }>(
    "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
  );
  const entry = nextEntry(last ? { seq: Number(last.seq), hash: last.hash } : undefined, input);
  await tx.query(
    `INSERT INTO audit_log (seq, at, actor, action, target, details, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8)`,
    [
      entry.seq,
      entry.at,
      entry.actor,
      entry.action,
      entry.target,
      JSON.stringify(entry.details),
      entry.prev_hash,
      entry.hash,
    ],
  );
  return entry;
}

function toEntry(r: typeof auditLog.$inferSelect): AuditEntry {
  return {
    seq: Number(r.seq),
    at: r.at.toISOString(),
    actor: r.actor,
    action: r.action,
    target: r.target,
    details: r.details as Record<string, unknown>,
    prev_hash: r.prevHash,
    hash: r.hash,
  };
}

/** Entries after `afterSeq`, oldest first. */
export async function listAudit(
  db: Db,
  opts: { afterSeq?: number; limit?: number } = {},
): Promise<AuditEntry[]> {
  const rows = await db
    .select()
    .from(auditLog)
    .where(gt(auditLog.seq, opts.afterSeq ?? 0))
    .orderBy(asc(auditLog.seq))
    .limit(opts.limit ?? 100);
  return rows.map(toEntry);
}

export const AuditVerification = z.object({
  ok: z.boolean(),
  entries: z.number().int().describe("entries checked"),
  last_hash: z
    .string()
    .describe("hash of the newest entry; keep it elsewhere to detect truncation"),
  problem: z
    .object({ seq: z.number().int(), reason: z.string() })
    .optional()
    .describe("the first entry that does not hold"),
});
export type AuditVerification = z.infer<typeof AuditVerification>;

/**
 * Walks the whole chain: each entry's hash must match its content, each must link to the
 * one before, and sequence numbers must have no gap (a deleted entry leaves one).
 */
export async function verifyAuditChain(db: Db): Promise<AuditVerification> {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  for (;;) {
    const page = await listAudit(db, { afterSeq: expectedSeq - 1, limit: 1000 });
    if (page.length === 0) break;
    for (const e of page) {
      const fail = (reason: string): AuditVerification => ({
        ok: false,
        entries: count,
        last_hash: prev,
        problem: { seq: e.seq, reason },
      });
      if (e.seq !== expectedSeq) return fail(`entry ${expectedSeq} is missing`);
      if (e.prev_hash !== prev) return fail("does not link to the entry before it");
      const { hash, ...body } = e;
      if (auditHash(body) !== hash) return fail("content does not match its hash (altered)");
      prev = hash;
      expectedSeq++;
      count++;
    }
  }
  return { ok: true, entries: count, last_hash: prev };
}
