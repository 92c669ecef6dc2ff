import type { Event } from "../../domain/event.ts";

/** What a parser gets: the bytes as they arrived and what is known about them. */
export interface ParseInput {
  bytes: Uint8Array;
  /** MIME type given by the channel (HTTP Content-Type), without parameters. */
  contentType?: string;
  filename?: string;
  /** An explicit format name (e.g. Shadowserver report type) from the submitter. */
  format?: string;
  /** When Mogura received it: `time.observation` of the events. */
  receivedAt: Date;
  /** A large feed's bytes as a stream (then `bytes` is empty); only the CSV parser takes it. */
  stream?: AsyncIterable<Uint8Array>;
}

/** A piece of evidence that arrived inside the report (an attachment, a log excerpt). */
export interface ParsedEvidence {
  kind: "content" | "screenshot" | "log" | "headers" | "email" | "other";
  mediaType: string;
  description?: string;
  filename?: string;
  data?: Uint8Array;
  sha256?: string;
}

/** Facts about the report itself, for the report record and replies. */
export interface ReportMeta {
  messageId?: string;
  subject?: string;
  from?: string;
  reporterEmail?: string;
  reporterName?: string;
  reporterOrg?: string;
  reporterType?: string;
  externalRef?: string;
  tlp?: string;
  consentToForward?: boolean;
  /** The reporter wants to hear when the case is resolved or rejected. */
  requestUpdates?: boolean;
  description?: string;
  /** Headers that stop an automatic reply (Auto-Submitted, Precedence, List-*). */
  autoSubmitted?: boolean;
  /** Rows of a feed that could not be read and were skipped (the file went on). */
  skippedRows?: number;
  /** The first of those rows, with line number and reason. */
  rowProblems?: { row: number; reason: string }[];
}

export type ParseResult =
  | { ok: true; parser: string; events: Event[]; evidence: ParsedEvidence[]; meta: ReportMeta }
  | { ok: false; parser: string | null; reason: string; meta?: ReportMeta };

/** A parsed report; feed events come as a stream so a large file is never all in memory. */
export type ParsedReport =
  | {
      ok: true;
      parser: string;
      events: Iterable<Event> | AsyncIterable<Event>;
      evidence: ParsedEvidence[];
      meta: ReportMeta;
    }
  | { ok: false; parser: string | null; reason: string; meta?: ReportMeta };

/** Limits the caller sets for one report. */
export interface ParseLimits {
  /** The longest line of a feed; a longer row is skipped. */
  maxLineLength?: number;
}

/**
 * How a parser knows an input is its own, strongest first: the channel declared it (its
 * Content-Type, its file name, or a feed's stream), its first bytes look like it, or nothing
 * else took it. The first parser of the registry that claims an input at the strongest
 * level any parser claims it at gets it.
 */
export type Claim = "declared" | "content" | "fallback";

/** One entry of the parser registry (parsers/index.ts). Pure: no database, no network. */
export interface ReportParser {
  /** The parser's name, as reports record it. */
  readonly name: string;
  /** Whether, and how strongly, this parser claims the input; null: not its. */
  detect(input: ParseInput): Claim | null;
  parse(input: ParseInput, limits: ParseLimits): Promise<ParsedReport> | ParsedReport;
}

/** The first 4 KiB of the input as latin1 text, for parsers that look at the first bytes. */
export const head = (input: ParseInput): string =>
  Buffer.from(input.bytes.subarray(0, 4096)).toString("latin1");

export const fail = (parser: string | null, reason: string, meta?: ReportMeta): ParseResult => ({
  ok: false,
  parser,
  reason,
  meta,
});
