import { createHash } from "node:crypto";
import { and, asc, desc, eq, lt, ne, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { sha256Hex } from "../domain/canonical-json.ts";
import { UserError } from "../domain/errors.ts";
import { messageIdOf } from "../domain/mail-headers.ts";
import { storableJson, storableJsonText, storableOrNull } from "../domain/storable.ts";
import type { Db, SqlRunner, Store, Tx } from "../store/database.ts";
import { reportChunks, reports } from "../store/schema.ts";
import { nextTrackingNumber } from "./tracking-number.ts";

export const ReportStatus = z.enum(["queued", "processed", "quarantined"]);
export const Channel = z.enum(["api", "smtp", "file"]);

/** A report as the API shows it (never the raw bytes; those are fetched apart). */
export const ReportSummary = z.object({
  id: z.uuid(),
  tracking_number: z.string(),
  channel: Channel,
  status: ReportStatus,
  received_at: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  content_type: z.string().nullable(),
  filename: z.string().nullable(),
  format: z.string().nullable(),
  sender: z.string().nullable(),
  message_id: z.string().nullable(),
  parser: z.string().nullable(),
  reason: z.string().nullable().describe("why it was quarantined"),
  event_count: z.number().int().describe("new events stored"),
  duplicate_count: z.number().int().describe("events already known, counted on the existing event"),
  processed_at: z.string().nullable(),
  meta: z.record(z.string(), z.unknown()),
});
export type ReportSummary = z.infer<typeof ReportSummary>;

const columns = {
  id: reports.id,
  tracking_number: reports.trackingNumber,
  channel: reports.channel,
  status: reports.status,
  received_at: reports.receivedAt,
  size: reports.size,
  sha256: reports.sha256,
  content_type: reports.contentType,
  filename: reports.filename,
  format: reports.format,
  sender: reports.sender,
  message_id: reports.messageId,
  parser: reports.parser,
  reason: reports.reason,
  event_count: reports.eventCount,
  duplicate_count: reports.duplicateCount,
  processed_at: reports.processedAt,
  meta: reports.meta,
};

interface Row {
  id: string;
  tracking_number: string | null;
  channel: string;
  status: string;
  received_at: Date;
  size: number;
  sha256: string;
  content_type: string | null;
  filename: string | null;
  format: string | null;
  sender: string | null;
  message_id: string | null;
  parser: string | null;
  reason: string | null;
  event_count: number;
  duplicate_count: number;
  processed_at: Date | null;
  meta: unknown;
}

const summary = (r: Row): ReportSummary =>
  ReportSummary.parse({
    ...r,
    received_at: new Date(r.received_at).toISOString(),
    processed_at: r.processed_at ? new Date(r.processed_at).toISOString() : null,
    size: Number(r.size),
    event_count: Number(r.event_count),
    duplicate_count: Number(r.duplicate_count),
  });

export interface AcceptInput {
  channel: z.infer<typeof Channel>;
  bytes: Uint8Array;
  contentType?: string;
  filename?: string;
  format?: string;
  sender?: string;
  /** Who may read the report later: `apikey:<id>`, `user:<id>` or `smtp`. */
  owner: string;
  idempotencyKey?: string;
  meta?: Record<string, unknown>;
}

export interface Accepted {
  report: ReportSummary;
  /** True when this is a repeat of a report already accepted (same mail or same Idempotency-Key). */
  duplicate: boolean;
}

const isMail = (i: AcceptInput) =>
  i.channel === "smtp" || i.contentType === "message/rfc822" || /\.eml$/i.test(i.filename ?? "");

/**
 * What the sender declared (names, types, addresses, keys) is theirs to write, NUL bytes
 * and all: made storable before any query sees it. The bytes themselves stay as they came.
 */
function declared<T extends Omit<AcceptInput, "bytes">>(i: T): T {
  return {
    ...i,
    contentType: storableOrNull(i.contentType),
    filename: storableOrNull(i.filename),
    format: storableOrNull(i.format),
    sender: storableOrNull(i.sender),
    idempotencyKey: storableOrNull(i.idempotencyKey),
    meta: i.meta === undefined ? undefined : storableJson(i.meta),
  };
}

const declaredValues = (i: Omit<AcceptInput, "bytes">, receivedAt: Date) => ({
  channel: i.channel,
  contentType: i.contentType ?? null,
  filename: i.filename ?? null,
  format: i.format ?? null,
  sender: i.sender ?? null,
  owner: i.owner,
  receivedAt,
  idempotencyKey: i.idempotencyKey ?? null,
  meta: i.meta ?? {},
});

/**
 * Stores what arrived, byte for byte, before anything parses it, and gives it a tracking
 * number. The same mail (Message-ID and SHA-256) or the same Idempotency-Key of one owner
 * returns the first report instead of making a second.
 */
export async function acceptReport(
  store: Store,
  prefix: string,
  received: AcceptInput,
): Promise<Accepted> {
  const input = declared(received);
  const sha256 = sha256Hex(input.bytes);
  const messageId = isMail(input) ? storableOrNull(messageIdOf(input.bytes)) : null;
  const receivedAt = new Date();
  return store.transaction(async (tx) => {
    const existing = await findRepeat(tx, input, messageId, sha256);
    if (existing) return { report: summary(existing), duplicate: true };
    const tracking = await nextTrackingNumber(tx, prefix, receivedAt);
    const [row] = await tx.db
      .insert(reports)
      .values({
        ...declaredValues(input, receivedAt),
        trackingNumber: tracking,
        size: input.bytes.length,
        sha256,
        raw: input.bytes,
        messageId,
      })
      .returning(columns);
    if (!row) throw new Error("insert returned no row");
    return { report: summary(row), duplicate: false };
  });
}

const CHUNK_BYTES = 1024 * 1024;

/** A feed larger than MOGURA_MAX_FEED_BYTES: nothing of it is kept. */
export class FeedTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`the feed is larger than ${limit} bytes (MOGURA_MAX_FEED_BYTES)`);
  }
}

/**
 * Like `acceptReport` for a feed that may be larger than memory: the bytes are stored in
 * 1 MB chunks as they arrive, hashed on the way. No transaction stays open while a client
 * uploads (a slow one would hold up every other report): the report row waits as
 * `receiving` and gets its tracking number, and becomes `queued`, once all bytes are in.
 * A failed upload leaves nothing; one cut short by a crash is swept up later.
 */
export async function acceptReportStream(
  store: Store,
  prefix: string,
  received: Omit<AcceptInput, "bytes"> & { stream: AsyncIterable<Uint8Array>; maxBytes: number },
): Promise<Accepted> {
  const input = declared(received);
  const opened = await store.transaction(async (tx) => {
    const existing = await findRepeat(tx, { ...input, bytes: new Uint8Array() }, null, "");
    if (existing) return { existing };
    const [row] = await tx.db
      .insert(reports)
      .values({ ...declaredValues(input, new Date()), size: 0, sha256: "", status: "receiving" })
      .returning({ id: reports.id });
    return { id: (row as { id: string }).id };
  });
  if ("existing" in opened && opened.existing) {
    for await (const _ of input.stream); // read the repeat to its end; keep the first
    return { report: summary(opened.existing), duplicate: true };
  }
  const id = opened.id as string;
  try {
    const hash = createHash("sha256");
    let size = 0;
    let seq = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const writeChunk = async () => {
      if (pendingBytes === 0) return;
      await store.db
        .insert(reportChunks)
        .values({ reportId: id, seq: seq++, data: Buffer.concat(pending, pendingBytes) });
      pending = [];
      pendingBytes = 0;
    };
    for await (const piece of input.stream) {
      size += piece.length;
      if (size > input.maxBytes) throw new FeedTooLarge(input.maxBytes);
      hash.update(piece);
      pending.push(Buffer.from(piece));
      pendingBytes += piece.length;
      if (pendingBytes >= CHUNK_BYTES) await writeChunk();
    }
    await writeChunk();
    if (size === 0) throw new UserError("empty_body", "The report is empty.", 400);
    const report = await store.transaction(async (tx) => {
      const tracking = await nextTrackingNumber(tx, prefix, new Date());
      const [done] = await tx.db
        .update(reports)
        .set({
          trackingNumber: tracking,
          size,
          sha256: hash.digest("hex"),
          chunks: seq,
          status: "queued",
          receivedAt: sql`now()`,
        })
        .where(eq(reports.id, id))
        .returning(columns);
      return summary(done as Row);
    });
    return { report, duplicate: false };
  } catch (e) {
    await discardReceiving(store, id).catch(() => {});
    throw e;
  }
}

async function discardReceiving(db: { db: Db }, id: string) {
  await db.db.delete(reportChunks).where(eq(reportChunks.reportId, id));
  await db.db.delete(reports).where(and(eq(reports.id, id), eq(reports.status, "receiving")));
}

/** Older than this many seconds by the database's clock, the one `received_at` was set by. */
const olderThan = (seconds: number) =>
  lt(reports.receivedAt, sql`now() - make_interval(secs => ${seconds})`);

/** Removes uploads cut short by a crash (still `receiving` after `olderThanSeconds`). */
export async function sweepAbandonedUploads(
  db: { db: Db },
  olderThanSeconds: number,
): Promise<number> {
  const rows = await db.db
    .select({ id: reports.id })
    .from(reports)
    .where(and(eq(reports.status, "receiving"), olderThan(olderThanSeconds)));
  for (const r of rows) await discardReceiving(db, r.id);
  return rows.length;
}

/** The report's bytes exactly as they arrived, a chunk at a time. */
export async function* reportBytes(db: { db: Db }, id: string): AsyncGenerator<Uint8Array> {
  const [r] = await db.db
    .select({ raw: reports.raw, chunks: reports.chunks })
    .from(reports)
    .where(eq(reports.id, id));
  if (!r) return;
  if (r.raw) {
    yield new Uint8Array(r.raw);
    return;
  }
  for (let seq = 0; seq < Number(r.chunks); seq++) {
    const [c] = await db.db
      .select({ data: reportChunks.data })
      .from(reportChunks)
      .where(and(eq(reportChunks.reportId, id), eq(reportChunks.seq, seq)));
    if (c) yield new Uint8Array(c.data);
  }
}

async function findRepeat(
  tx: Tx,
  input: AcceptInput,
  messageId: string | null,
  sha256: string,
): Promise<Row | null> {
  // Serialise concurrent submissions of the same thing, so only one of them inserts.
  // Raw SQL: a transaction-scoped advisory lock on the submission's key (nothing to lock
  // with FOR UPDATE before the first copy exists); drizzle has no builder for it.
  if (input.idempotencyKey) {
    await tx.query("SELECT pg_advisory_xact_lock(hashtext($1))", [
      `idem:${input.owner}:${input.idempotencyKey}`,
    ]);
    const [row] = await tx.db
      .select(columns)
      .from(reports)
      .where(and(eq(reports.owner, input.owner), eq(reports.idempotencyKey, input.idempotencyKey)));
    if (row?.status === "receiving") {
      throw new UserError(
        "conflict",
        "A report with this Idempotency-Key is still being received.",
        409,
      );
    }
    if (row) return row;
  }
  if (messageId) {
    await tx.query("SELECT pg_advisory_xact_lock(hashtext($1))", [
      `mail:${input.owner}:${messageId}`,
    ]);
    const [row] = await tx.db
      .select(columns)
      .from(reports)
      .where(
        and(
          eq(reports.owner, input.owner),
          eq(reports.messageId, messageId),
          eq(reports.sha256, sha256),
        ),
      );
    if (row) return row;
  }
  return null;
}

/** One report, or null. */
export async function getReport(
  db: { db: Db },
  id: string,
): Promise<(ReportSummary & { owner: string }) | null> {
  const [row] = await db.db
    .select({ ...columns, owner: reports.owner })
    .from(reports)
    .where(and(eq(reports.id, id), ne(reports.status, "receiving")));
  return row ? { ...summary(row), owner: row.owner } : null;
}

export const ListReportsQuery = z.object({
  status: ReportStatus.optional(),
  channel: Channel.optional(),
  tracking_number: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().optional().describe("the next_cursor of the previous page"),
});

/** Reports newest first, one page at a time (keyset pagination on received time and id). */
export async function listReports(
  db: { db: Db },
  q: z.infer<typeof ListReportsQuery>,
  owner?: string,
): Promise<{ items: ReportSummary[]; next_cursor: string | null }> {
  const where: SQL[] = [ne(reports.status, "receiving")];
  if (owner) where.push(eq(reports.owner, owner));
  if (q.status) where.push(eq(reports.status, q.status));
  if (q.channel) where.push(eq(reports.channel, q.channel));
  if (q.tracking_number) where.push(eq(reports.trackingNumber, q.tracking_number));
  if (q.cursor) {
    const [at, id] = Buffer.from(q.cursor, "base64url").toString("utf8").split("|");
    if (!at || Number.isNaN(Date.parse(at)) || !id || !/^[0-9a-f-]{36}$/i.test(id)) {
      throw new UserError(
        "invalid_cursor",
        "The cursor is not one this API gave out; start again without it.",
        400,
      );
    }
    // the keyset is a row comparison, which drizzle has no builder for
    where.push(sql`(${reports.receivedAt}, ${reports.id}) < (${at}::timestamptz, ${id}::uuid)`);
  }
  const rows = await db.db
    .select(columns)
    .from(reports)
    .where(and(...where))
    .orderBy(desc(reports.receivedAt), desc(reports.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit).map(summary);
  const last = page[page.length - 1];
  const next =
    rows.length > q.limit && last
      ? Buffer.from(`${last.received_at}|${last.id}`).toString("base64url")
      : null;
  return { items: page, next_cursor: next };
}

/** Reports still waiting to be processed, oldest first: for recovery after a crash. */
export async function queuedReportIds(db: { db: Db }, olderThanSeconds: number): Promise<string[]> {
  const rows = await db.db
    .select({ id: reports.id })
    .from(reports)
    .where(and(eq(reports.status, "queued"), olderThan(olderThanSeconds)))
    .orderBy(asc(reports.receivedAt))
    .limit(1000);
  return rows.map((r) => r.id);
}

/** When the report arrived, or null when there is no such report. */
export async function receivedAtOf(db: { db: Db }, reportId: string): Promise<Date | null> {
  const [row] = await db.db
    .select({ received_at: reports.receivedAt })
    .from(reports)
    .where(eq(reports.id, reportId));
  return row ? new Date(row.received_at) : null;
}

/** How many reports there are, how many wait to be read and how many are quarantined. */
export async function reportCounts(db: SqlRunner) {
  // Raw SQL: three counts in one scan with FILTER, which drizzle could only wrap in sql``.
  const [r] = await db.query<{ reports: number; queued: number; quarantined: number }>(
    `SELECT count(*)::int AS reports, count(*) FILTER (WHERE status = 'queued')::int AS queued,
            count(*) FILTER (WHERE status = 'quarantined')::int AS quarantined FROM reports`,
  );
  return { reports: r?.reports ?? 0, queued: r?.queued ?? 0, quarantined: r?.quarantined ?? 0 };
}

/** A mailed report as its acknowledgement needs it: the bytes, the tracking number, meta. */
export async function reportForAcknowledgement(db: { db: Db }, reportId: string) {
  const [r] = (await db.db
    .select({ raw: reports.raw, tracking_number: reports.trackingNumber, meta: reports.meta })
    .from(reports)
    .where(eq(reports.id, reportId))) as {
    raw: Uint8Array;
    tracking_number: string;
    meta: Record<string, unknown>;
  }[];
  return r ? { ...r, raw: new Uint8Array(r.raw) } : null;
}

/** How many acknowledgements went to this address in the last hour. */
export async function recentAcknowledgementsTo(db: SqlRunner, address: string): Promise<number> {
  // Raw SQL: the count reads paths inside the meta jsonb and casts them; in drizzle the
  // whole condition would be sql`` anyway.
  const [r] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM reports
      WHERE meta->'ack'->>'to' = $1
        AND coalesce(meta->'ack'->>'sent_at', meta->'ack'->>'queued_at')::timestamptz > now() - interval '1 hour'`,
    [address],
  );
  return r?.n ?? 0;
}

/** Records what was decided about a report's acknowledgement (sent, queued, or why not). */
export async function recordAcknowledgement(
  db: { db: Db },
  reportId: string,
  ack: Record<string, unknown>,
): Promise<void> {
  await db.db
    .update(reports)
    .set({ meta: sql`${reports.meta} || ${storableJsonText({ ack })}::jsonb` })
    .where(eq(reports.id, reportId));
}
