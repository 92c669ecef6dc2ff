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

/** A parser: bytes in, events or a reason out. Pure: no database, no network. */
export type Parser = (input: ParseInput) => Promise<ParseResult> | ParseResult;

export const fail = (parser: string | null, reason: string, meta?: ReportMeta): ParseResult => ({
  ok: false,
  parser,
  reason,
  meta,
});
