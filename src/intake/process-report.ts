import { and, eq, sql } from "drizzle-orm";
import { sha256Hex } from "../domain/canonical-json.ts";
import type { Event } from "../domain/event.ts";
import { storableJson, storableMessage, storableOrNull, storableText } from "../domain/storable.ts";
import type { Db, Store, Tx } from "../store/database.ts";
import { reportEvidence, reports } from "../store/schema.ts";
import { TooManyEvents, writeEvents } from "./event-writer.ts";
import { parseReport } from "./parse-report.ts";
import type { ParsedEvidence, ReportMeta } from "./parsers/types.ts";
import { reportBytes } from "./report-store.ts";

export interface ProcessOptions {
  dedupWindowHours: number;
  maxEventsPerReport: number;
  maxAttachments: number;
  maxLineLength: number;
  /** A compressed report's size limit once decompressed. */
  maxUnpackedBytes?: number;
}

export type ProcessOutcome =
  | { status: "processed"; parser: string; stored: number; duplicates: number }
  | { status: "quarantined"; parser: string | null; reason: string }
  | { status: "skipped"; reason: string };

/** After this many tries (jobs and recovery together), a report that keeps failing is quarantined. */
const MAX_ATTEMPTS = 8;

/** A reason that comes from the input, not from a bug: the report is quarantined with it. */
class InputProblem extends Error {}

/**
 * Parses one queued report and stores its events, all in one transaction: killed halfway,
 * nothing is half-written and the report is still queued for the next try. A report that
 * does not parse, or yields no event, is quarantined with the reason.
 */
export async function processReport(
  store: Store,
  reportId: string,
  opts: ProcessOptions,
): Promise<ProcessOutcome> {
  const [report] = await store.db
    .select({
      status: reports.status,
      raw: reports.raw,
      content_type: reports.contentType,
      filename: reports.filename,
      format: reports.format,
      received_at: reports.receivedAt,
    })
    .from(reports)
    .where(eq(reports.id, reportId));
  if (!report) return { status: "skipped", reason: "no such report" };
  if (report.status !== "queued") return { status: "skipped", reason: `already ${report.status}` };
  const [tries] = await store.db
    .update(reports)
    .set({ attempts: sql`${reports.attempts} + 1` })
    .where(eq(reports.id, reportId))
    .returning({
      attempts: reports.attempts,
      last_error: sql<string | null>`${reports.meta}->>'last_error'`,
    });
  if (tries && tries.attempts > MAX_ATTEMPTS) {
    const reason = `processing failed ${tries.attempts - 1} times; the last error: ${tries.last_error ?? "unknown"}`;
    return quarantine(store, reportId, null, reason);
  }

  // A chunked feed is read while its events are written, inside the transaction below: on
  // PGlite a query from outside an open transaction would wait for it forever.
  let reader: Store | Tx = store;
  let parsed: Awaited<ReturnType<typeof parseReport>>;
  try {
    parsed = await parseReport(
      {
        bytes: report.raw ? new Uint8Array(report.raw) : new Uint8Array(),
        stream: report.raw
          ? undefined
          : { [Symbol.asyncIterator]: () => reportBytes(reader, reportId) },
        contentType: report.content_type ?? undefined,
        filename: report.filename ?? undefined,
        format: report.format ?? undefined,
        receivedAt: new Date(report.received_at),
      },
      { maxLineLength: opts.maxLineLength, maxUnpackedBytes: opts.maxUnpackedBytes },
    );
  } catch (e) {
    // The same bytes would stop the parser again: a retry cannot help, an analyst can.
    return quarantine(store, reportId, null, `the parser stopped with an error: ${errorText(e)}`);
  }
  if (!parsed.ok) return quarantine(store, reportId, parsed.parser, parsed.reason, parsed.meta);
  if (parsed.evidence.length > opts.maxAttachments) {
    const reason = `the report carries ${parsed.evidence.length} attachments or evidence items, more than ${opts.maxAttachments} (MOGURA_MAX_ATTACHMENTS)`;
    return quarantine(store, reportId, parsed.parser, reason, parsed.meta);
  }

  try {
    return await store.transaction(async (tx) => {
      reader = tx;
      // Raw SQL: FOR UPDATE, the row lock that makes a second worker on the same report
      // wait for the first and then find it processed; kept plain so the lock is seen.
      const [locked] = await tx.query<{ status: string }>(
        "SELECT status FROM reports WHERE id = $1 FOR UPDATE",
        [reportId],
      );
      if (locked?.status !== "queued")
        return { status: "skipped" as const, reason: `already ${locked?.status}` };
      let written: Awaited<ReturnType<typeof writeEvents>>;
      try {
        written = await writeEvents(tx, reportId, parserErrorsMarked(parsed.events), {
          windowHours: opts.dedupWindowHours,
          maxEvents: opts.maxEventsPerReport,
        });
      } catch (e) {
        if (e instanceof TooManyEvents || isParserStreamError(e))
          throw new InputProblem((e as Error).message);
        if (e instanceof ParserFailure)
          throw new InputProblem(`the parser stopped with an error: ${errorText(e.failure)}`);
        throw e;
      }
      if (written.stored + written.duplicates === 0)
        throw new InputProblem("the report yields no event");
      await storeEvidence(tx, reportId, parsed.evidence);
      await tx.db
        .update(reports)
        .set({
          status: "processed",
          parser: parsed.parser,
          reason: null,
          eventCount: written.stored,
          duplicateCount: written.duplicates,
          processedAt: sql`now()`,
          meta: sql`(${reports.meta} - 'last_error') || ${JSON.stringify(cleanMeta(parsed.meta))}::jsonb`,
        })
        .where(eq(reports.id, reportId));
      return { status: "processed" as const, parser: parsed.parser, ...written };
    });
  } catch (e) {
    if (e instanceof InputProblem)
      return quarantine(store, reportId, parsed.parser, e.message, parsed.meta);
    // The database refusing a value (a NUL in text, a year it cannot store) is the input's fault.
    const code = (e as { code?: string }).code;
    if (typeof code === "string" && code.startsWith("22")) {
      return quarantine(
        store,
        reportId,
        parsed.parser,
        `the database refused a value: ${errorText(e)}`,
      );
    }
    await store.db
      .update(reports)
      .set({
        meta: sql`${reports.meta} || jsonb_build_object('last_error', ${errorText(e)}::text)`,
      })
      .where(eq(reports.id, reportId))
      .catch(() => {});
    throw e;
  }
}

/** Parsers that stream (CSV) signal a fatal input problem by throwing an error with `inputProblem`. */
const isParserStreamError = (e: unknown) =>
  typeof e === "object" && e !== null && "inputProblem" in e;

/** An error's message as a reason: storable, one paragraph at most. */
const errorText = (e: unknown) =>
  storableMessage(e instanceof Error ? e.message || e.name : String(e), 500);

/** Thrown in place of an error that came out of a parser while its events were read. */
class ParserFailure extends Error {
  constructor(readonly failure: unknown) {
    super("parser failure");
  }
}

/** The parser's events, with what the parser throws told apart from what the database throws. */
async function* parserErrorsMarked(events: Iterable<Event> | AsyncIterable<Event>) {
  const it =
    Symbol.asyncIterator in events
      ? (events as AsyncIterable<Event>)[Symbol.asyncIterator]()
      : (events as Iterable<Event>)[Symbol.iterator]();
  for (;;) {
    let next: IteratorResult<Event>;
    try {
      next = await it.next();
    } catch (e) {
      if (isParserStreamError(e)) throw e;
      throw new ParserFailure(e);
    }
    if (next.done) return;
    yield next.value;
  }
}

// A report's text reaches the meta column (subjects, senders): jsonb holds no U+0000.
const cleanMeta = (m: ReportMeta = {}) =>
  storableJson(
    Object.fromEntries(Object.entries(m).filter(([, v]) => v !== undefined && v !== "")),
  );

async function quarantine(
  store: Store,
  reportId: string,
  parser: string | null,
  reason: string,
  meta?: ReportMeta,
): Promise<ProcessOutcome> {
  const said = storableMessage(reason);
  await store.db
    .update(reports)
    .set({
      status: "quarantined",
      parser,
      reason: said,
      processedAt: sql`now()`,
      meta: sql`${reports.meta} || ${JSON.stringify(cleanMeta(meta))}::jsonb`,
    })
    .where(and(eq(reports.id, reportId), eq(reports.status, "queued")));
  return { status: "quarantined", parser, reason: said };
}

async function storeEvidence(tx: Tx, reportId: string, items: ParsedEvidence[]) {
  for (const e of items) {
    const sha = e.data ? sha256Hex(e.data) : e.sha256;
    if (!sha) continue;
    await tx.db.insert(reportEvidence).values({
      reportId,
      kind: e.kind,
      mediaType: storableText(e.mediaType),
      description: storableOrNull(e.description ?? null),
      filename: storableOrNull(e.filename ?? null),
      sha256: sha,
      size: e.data?.length ?? null,
      data: e.data ?? null,
    });
  }
}

/** Quarantines a queued report whose processing took the process down (the job queue set it aside). */
export async function setAsideReport(store: Store, reportId: string, reason: string) {
  await quarantine(store, reportId, null, reason);
}

/** Puts a quarantined report back in the queue (after a parser fix); returns false if it was not quarantined. */
export async function requeueReport(db: { db: Db }, reportId: string): Promise<boolean> {
  const rows = await db.db
    .update(reports)
    .set({ status: "queued", reason: null, processedAt: null })
    .where(and(eq(reports.id, reportId), eq(reports.status, "quarantined")))
    .returning({ id: reports.id });
  return rows.length > 0;
}
