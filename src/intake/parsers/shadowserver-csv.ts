import type { Event } from "../../domain/event.ts";
import { CsvReader, problemSummary, type RowProblem, Utf8Chunks } from "./csv-tokenizer.ts";
import {
  detectLayout,
  loadFeed,
  reportTypeFromFilename as typeInFilename,
} from "./feed-layouts.ts";
import { RowMapper } from "./feed-rows.ts";
import {
  type Claim,
  fail,
  type ParseInput,
  type ParseResult,
  type ReportMeta,
  type ReportParser,
} from "./types.ts";

export { DEFAULT_MAX_LINE_LENGTH, type RowProblem, splitRecord } from "./csv-tokenizer.ts";
export { feedTime as shadowserverTime } from "./feed-rows.ts";

/**
 * Shadowserver-style CSV reports, mapped by header name, row by row. The report types, their
 * columns and the fields they fill are data: feeds/shadowserver.yaml (docs/intake.md, "Feed
 * layouts").
 *
 * Report type: the explicit `format` ("scan_rdp", "event4_sinkhole_http", "drone"), else the
 * file name (`2026-11-28-scan_rdp-asn-jp-geo.csv`), else the header. The report type is
 * `feed.name`. Every column that is not mapped, or whose value does not fit its field (a port
 * that is not a number), goes to `extra` under its own name.
 *
 * Row problems (a bad IP, a bad timestamp, a wrong number of fields, malformed quoting, a
 * line longer than `maxLineLength`) skip the row and are reported with the row number (the
 * line in the file where the row starts; the header is row 1); reading goes on.
 */

export const SHADOWSERVER_PARSER = "shadowserver-csv";

/** The Shadowserver layouts, read when this module is first loaded (at start). */
const FEED = loadFeed("shadowserver");

/** The whole file cannot be read: an unknown report type, no header. */
export class ShadowserverCsvError extends Error {
  /** process-report quarantines a report whose parser stream throws with this property. */
  readonly inputProblem = true;
  constructor(message: string) {
    super(message);
    this.name = "ShadowserverCsvError";
  }
}

export interface ShadowserverOptions {
  format?: string;
  filename?: string;
  receivedAt: Date;
  maxLineLength?: number;
  /** Called for each row that is skipped; the rest of the file is still read. */
  onProblem?: (problem: RowProblem) => void;
}

export interface ShadowserverSummary {
  reportType: string;
  rows: number;
  events: number;
  problems: number;
}

/** The report type in a Shadowserver file name (`2026-11-28-scan_rdp-asn-jp-geo.csv`), or null. */
export const reportTypeFromFilename = (filename: string): string | null =>
  typeInFilename(FEED, filename);

function layoutOf(header: string[], opts: { format?: string; filename?: string }) {
  const found = detectLayout(FEED, header, opts);
  if ("error" in found) throw new ShadowserverCsvError(found.error);
  return found;
}

/** The report type and the name of its layout, or a ShadowserverCsvError naming the header. */
export function detectReport(
  header: string[],
  opts: { format?: string; filename?: string },
): { name: string; layout: string } {
  const { name, layout } = layoutOf(header, opts);
  return { name, layout: layout.name };
}

function reader(opts: ShadowserverOptions): CsvReader<Event> {
  return new CsvReader<Event>({
    maxLineLength: opts.maxLineLength,
    header: (header) => new RowMapper(header, FEED, layoutOf(header, opts), opts.receivedAt),
    fail: (message) => new ShadowserverCsvError(message),
    onProblem: opts.onProblem,
  });
}

/**
 * Whether the bytes hold a 0 byte (by memchr). UTF-8 without one decodes to text without
 * U+0000, and a decoder writes no lone surrogate: such text is storable as it is.
 */
const hasNul = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(0) !== -1;

const reportType = (r: CsvReader<Event>) => (r.sink as RowMapper | null)?.report.name ?? "";

/**
 * Events of a CSV report as they are read: the input is consumed chunk by chunk and each
 * event is yielded as soon as its row is read, so a file of any size streams in constant
 * memory. Skipped rows go to `opts.onProblem`; a file that cannot be read at all (unknown
 * report type, no header, no readable row) throws a ShadowserverCsvError. Returns a summary.
 */
export async function* shadowserverCsvEvents(
  stream: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  opts: ShadowserverOptions,
): AsyncGenerator<Event, ShadowserverSummary, undefined> {
  const rows = reader(opts);
  const decoder = new Utf8Chunks();
  for await (const chunk of stream) {
    if (typeof chunk === "string") rows.push(decoder.flush() + chunk);
    else rows.push(decoder.decode(chunk), !hasNul(chunk));
    for (let e = rows.next(); e !== null; e = rows.next()) yield e;
  }
  rows.push(decoder.flush(), true);
  for (let e = rows.next(); e !== null; e = rows.next()) yield e;
  const last = rows.end();
  if (last !== null) yield last;
  const none = rows.nothingRead();
  if (none) throw none;
  return {
    reportType: reportType(rows),
    rows: rows.rows,
    events: rows.events,
    problems: rows.problems,
  };
}

/**
 * The whole file at once. Skipped rows are summed up in `meta.description` (the first
 * twenty with their row numbers); a file where no row could be read fails.
 */
export function parseShadowserverCsv(input: ParseInput & { maxLineLength?: number }): ParseResult {
  const rows = reader({
    format: input.format,
    filename: input.filename,
    receivedAt: input.receivedAt,
    maxLineLength: input.maxLineLength,
  });
  const events: Event[] = [];
  try {
    rows.push(new TextDecoder("utf-8").decode(input.bytes), !hasNul(input.bytes));
    for (let e = rows.next(); e !== null; e = rows.next()) events.push(e);
    const last = rows.end();
    if (last !== null) events.push(last);
    const none = rows.nothingRead();
    if (none) throw none;
  } catch (e) {
    if (e instanceof ShadowserverCsvError) return fail(SHADOWSERVER_PARSER, e.message);
    throw e;
  }
  const description = problemSummary(rows, reportType(rows));
  return {
    ok: true,
    parser: SHADOWSERVER_PARSER,
    events,
    evidence: [],
    meta: description ? { description } : {},
  };
}

/**
 * The CSV entry of the parser registry: a text/csv body, a .csv file, or a feed streamed in
 * chunks. Events stream as rows are read; skipped rows are counted in the report's meta.
 */
export const shadowserverCsv: ReportParser = {
  name: SHADOWSERVER_PARSER,
  detect(input): Claim | null {
    if (input.stream) return "declared";
    const type = input.contentType?.toLowerCase();
    return type === "text/csv" || input.filename?.toLowerCase().endsWith(".csv")
      ? "declared"
      : null;
  },
  parse(input, limits) {
    // Filled while the rows stream by; stored with the report once all are read.
    const meta: ReportMeta = { skippedRows: 0, rowProblems: [] };
    return {
      ok: true,
      parser: SHADOWSERVER_PARSER,
      events: shadowserverCsvEvents(input.stream ?? [input.bytes], {
        format: input.format,
        filename: input.filename,
        receivedAt: input.receivedAt,
        maxLineLength: limits.maxLineLength,
        onProblem: (p) => {
          meta.skippedRows = (meta.skippedRows ?? 0) + 1;
          if ((meta.rowProblems?.length ?? 0) < 20) meta.rowProblems?.push(p);
        },
      }),
      evidence: [],
      meta,
    };
  },
};
