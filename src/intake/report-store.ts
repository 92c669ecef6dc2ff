import { createHash } from "node:crypto";
import { z } from "zod";
import { sha256Hex } from "../domain/canonical-json.ts";
import { UserError } from "../domain/errors.ts";
import { messageIdOf } from "../domain/mail-headers.ts";
import { storableJson, storableJsonText, storableOrNull } from "../domain/storable.ts";
import type { SqlRunner, Store } from "../store/database.ts";
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

const COLUMNS = `id, tracking_number, channel, status, received_at, size, sha256, content_type, filename,
  format, sender, message_id, parser, reason, event_count, duplicate_count, processed_at, meta`;

interface Row {
  id: string;
  tracking_number: string;
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
  meta: Record<string, unknown>;
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

const insertColumns = (i: Omit<AcceptInput, "bytes">, tracking: string, receivedAt: Date) => [
  tracking,
  i.channel,
  i.contentType ?? null,
  i.filename ?? null,
  i.format ?? null,
  i.sender ?? null,
  i.owner,
  receivedAt,
  i.idempotencyKey ?? null,
  JSON.stringify(i.meta ?? {}),
];
const INSERT = `INSERT INTO reports (tracking_number, channel, content_type, filename, format, sender, owner,
    received_at, idempotency_key, meta, size, sha256, raw, message_id)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
  RETURNING ${COLUMNS}`;

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
    const [row] = await tx.query<Row>(INSERT, [
      ...insertColumns(input, tracking, receivedAt),
      input.bytes.length,
      sha256,
      input.bytes,
      messageId,
    ]);
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
    const [row] = await tx.query<{ id: string }>(
      `INSERT INTO reports (channel, content_type, filename, format, sender, owner, received_at,
         idempotency_key, meta, size, sha256, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, '', 'receiving') RETURNING id`,
      insertColumns(input, "", new Date()).slice(1),
    );
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
      await store.query("INSERT INTO report_chunks (report_id, seq, data) VALUES ($1, $2, $3)", [
        id,
        seq++,
        Buffer.concat(pending, pendingBytes),
      ]);
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
      const [done] = await tx.query<Row>(
        `UPDATE reports SET tracking_number = $2, size = $3, sha256 = $4, chunks = $5, status = 'queued',
           received_at = now()
         WHERE id = $1 RETURNING ${COLUMNS}`,
        [id, tracking, size, hash.digest("hex"), seq],
      );
      return summary(done as Row);
    });
    return { report, duplicate: false };
  } catch (e) {
    await discardReceiving(store, id).catch(() => {});
    throw e;
  }
}

async function discardReceiving(db: SqlRunner, id: string) {
  await db.query("DELETE FROM report_chunks WHERE report_id = $1", [id]);
  await db.query("DELETE FROM reports WHERE id = $1 AND status = 'receiving'", [id]);
}

/** Removes uploads cut short by a crash (still `receiving` after `olderThanSeconds`). */
export async function sweepAbandonedUploads(
  db: SqlRunner,
  olderThanSeconds: number,
): Promise<number> {
  const rows = await db.query<{ id: string }>(
    "SELECT id FROM reports WHERE status = 'receiving' AND received_at < now() - make_interval(secs => $1)",
    [olderThanSeconds],
  );
  for (const r of rows) await discardReceiving(db, r.id);
  return rows.length;
}

/** The report's bytes exactly as they arrived, a chunk at a time. */
export async function* reportBytes(db: SqlRunner, id: string): AsyncGenerator<Uint8Array> {
  const [r] = await db.query<{ raw: Uint8Array | null; chunks: number }>(
    "SELECT raw, chunks FROM reports WHERE id = $1",
    [id],
  );
  if (!r) return;
  if (r.raw) {
    yield new Uint8Array(r.raw);
    return;
  }
  for (let seq = 0; seq < Number(r.chunks); seq++) {
    const [c] = await db.query<{ data: Uint8Array }>(
      "SELECT data FROM report_chunks WHERE report_id = $1 AND seq = $2",
      [id, seq],
    );
    if (c) yield new Uint8Array(c.data);
  }
}

async function findRepeat(
  tx: SqlRunner,
  input: AcceptInput,
  messageId: string | null,
  sha256: string,
): Promise<Row | null> {
  // Serialise concurrent submissions of the same thing, so only one of them inserts.
  if (input.idempotencyKey) {
    await tx.query("SELECT pg_advisory_xact_lock(hashtext($1))", [
      `idem:${input.owner}:${input.idempotencyKey}`,
    ]);
    const [row] = await tx.query<Row>(
      `SELECT ${COLUMNS} FROM reports WHERE owner = $1 AND idempotency_key = $2`,
      [input.owner, input.idempotencyKey],
    );
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
    const [row] = await tx.query<Row>(
      `SELECT ${COLUMNS} FROM reports WHERE owner = $1 AND message_id = $2 AND sha256 = $3`,
      [input.owner, messageId, sha256],
    );
    if (row) return row;
  }
  return null;
}

/** One report, or null. */
export async function getReport(
  db: SqlRunner,
  id: string,
): Promise<(ReportSummary & { owner: string }) | null> {
  const [row] = await db.query<Row & { owner: string }>(
    `SELECT ${COLUMNS}, owner FROM reports WHERE id = $1 AND status <> 'receiving'`,
    [id],
  );
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
  db: SqlRunner,
  q: z.infer<typeof ListReportsQuery>,
  owner?: string,
): Promise<{ items: ReportSummary[]; next_cursor: string | null }> {
  const where: string[] = ["status <> 'receiving'"];
  const params: unknown[] = [];
  const add = (sql: string, v: unknown) => {
    params.push(v);
    where.push(sql.replace("?", `$${params.length}`));
  };
  if (owner) add("owner = ?", owner);
  if (q.status) add("status = ?", q.status);
  if (q.channel) add("channel = ?", q.channel);
  if (q.tracking_number) add("tracking_number = ?", q.tracking_number);
  if (q.cursor) {
    const [at, id] = Buffer.from(q.cursor, "base64url").toString("utf8").split("|");
    if (!at || Number.isNaN(Date.parse(at)) || !id || !/^[0-9a-f-]{36}$/i.test(id)) {
      throw new UserError(
        "invalid_cursor",
        "The cursor is not one this API gave out; start again without it.",
        400,
      );
    }
    params.push(at, id);
    where.push(`(received_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  }
  params.push(q.limit + 1);
  const rows = await db.query<Row>(
    `SELECT ${COLUMNS} FROM reports WHERE ${where.join(" AND ")}
     ORDER BY received_at DESC, id DESC LIMIT $${params.length}`,
    params,
  );
  const page = rows.slice(0, q.limit).map(summary);
  const last = page[page.length - 1];
  const next =
    rows.length > q.limit && last
      ? Buffer.from(`${last.received_at}|${last.id}`).toString("base64url")
      : null;
  return { items: page, next_cursor: next };
}

/** Reports still waiting to be processed, oldest first: for recovery after a crash. */
export async function queuedReportIds(db: SqlRunner, olderThanSeconds: number): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `SELECT id FROM reports WHERE status = 'queued' AND received_at < now() - make_interval(secs => $1)
     ORDER BY received_at LIMIT 1000`,
    [olderThanSeconds],
  );
  return rows.map((r) => r.id);
}

/** When the report arrived, or null when there is no such report. */
export async function receivedAtOf(db: SqlRunner, reportId: string): Promise<Date | null> {
  const [row] = await db.query<{ received_at: Date }>(
    "SELECT received_at FROM reports WHERE id = $1",
    [reportId],
  );
  return row ? new Date(row.received_at) : null;
}

/** How many reports there are, how many wait to be read and how many are quarantined. */
export async function reportCounts(db: SqlRunner) {
  const [r] = await db.query<{ reports: number; queued: number; quarantined: number }>(
    `SELECT count(*)::int AS reports, count(*) FILTER (WHERE status = 'queued')::int AS queued,
            count(*) FILTER (WHERE status = 'quarantined')::int AS quarantined FROM reports`,
  );
  return { reports: r?.reports ?? 0, queued: r?.queued ?? 0, quarantined: r?.quarantined ?? 0 };
}

/** A mailed report as its acknowledgement needs it: the bytes, the tracking number, meta. */
export async function reportForAcknowledgement(db: SqlRunner, reportId: string) {
  const [r] = await db.query<{
    raw: Uint8Array;
    tracking_number: string;
    meta: Record<string, unknown>;
  }>("SELECT raw, tracking_number, meta FROM reports WHERE id = $1", [reportId]);
  return r ? { ...r, raw: new Uint8Array(r.raw) } : null;
}

/** How many acknowledgements went to this address in the last hour. */
export async function recentAcknowledgementsTo(db: SqlRunner, address: string): Promise<number> {
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
  db: SqlRunner,
  reportId: string,
  ack: Record<string, unknown>,
): Promise<void> {
  await db.query("UPDATE reports SET meta = meta || $2::jsonb WHERE id = $1", [
    reportId,
    storableJsonText({ ack }),
  ]);
}
