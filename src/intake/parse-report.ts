import type { Event } from "../domain/event.ts";
import { emailText, parseEmail } from "./parsers/email.ts";
import { parseFreeText } from "./parsers/free-text.ts";
import { parseMoguraObject } from "./parsers/mogura-json.ts";
import { shadowserverCsvEvents } from "./parsers/shadowserver-csv.ts";
import type { ParsedEvidence, ParseInput, ReportMeta } from "./parsers/types.ts";
import { parseXarfJson } from "./parsers/xarf-v4.ts";
import { unwrapBytes, unwrapStream } from "./transport-encoding.ts";

/** How large a compressed input may grow once decompressed, unless the caller says. */
const DEFAULT_MAX_UNPACKED = 64 * 1024 * 1024;

/** A parsed report; CSV events come as a stream so a large file is never all in memory. */
export type ParsedReport =
  | {
      ok: true;
      parser: string;
      events: Iterable<Event> | AsyncIterable<Event>;
      evidence: ParsedEvidence[];
      meta: ReportMeta;
    }
  | { ok: false; parser: string | null; reason: string; meta?: ReportMeta };

export type Format = "json" | "email" | "csv" | "text";

const looksLikeMail = (head: string) =>
  /^[\x21-\x39\x3b-\x7e]+:[^\r\n]*\r?\n/.test(head) &&
  /^(from|message-id|received|return-path|date|subject):/im.test(head);

/** Which kind of input this is, from the declared type, the file name, then the bytes. */
export function detectFormat(input: ParseInput): Format {
  if (input.stream) return "csv"; // only feeds are streamed
  const ct = input.contentType?.toLowerCase();
  const name = input.filename?.toLowerCase() ?? "";
  if (ct === "application/json" || ct?.endsWith("+json") || name.endsWith(".json")) return "json";
  if (ct === "message/rfc822" || name.endsWith(".eml")) return "email";
  if (ct === "text/csv" || name.endsWith(".csv")) return "csv";
  const head = Buffer.from(input.bytes.subarray(0, 4096)).toString("latin1");
  if (/^\s*\{/.test(head)) return "json";
  if (looksLikeMail(head)) return "email";
  return "text";
}

/** Chooses the parser for a report and runs it, once gzip and UTF-16 are undone. */
export async function parseReport(
  received: ParseInput,
  limits: { maxLineLength?: number; maxUnpackedBytes?: number } = {},
): Promise<ParsedReport> {
  let input = received;
  if (received.stream) {
    input = { ...received, stream: unwrapStream(received.stream) };
  } else {
    const unwrapped = unwrapBytes(received.bytes, limits.maxUnpackedBytes ?? DEFAULT_MAX_UNPACKED);
    if (!unwrapped.ok) return { ok: false, parser: null, reason: unwrapped.reason };
    input = { ...received, bytes: unwrapped.bytes };
  }
  switch (detectFormat(input)) {
    case "json": {
      let json: unknown;
      try {
        json = JSON.parse(Buffer.from(input.bytes).toString("utf8"));
      } catch (e) {
        return { ok: false, parser: "json", reason: `not valid JSON: ${(e as Error).message}` };
      }
      const isXarf = typeof json === "object" && json !== null && "xarf_version" in json;
      return isXarf ? parseXarfJson(json, input) : parseMoguraObject(json, input);
    }
    case "email": {
      const r = await parseEmail(input);
      if (r.ok || r.reason !== "no-structured-format") return r;
      // A person's mail: read what they wrote.
      const { text, meta, attachments } = await emailText(input);
      const t = parseFreeText({ ...input, text, subject: meta.subject });
      return t.ok
        ? {
            ...t,
            parser: "email+free-text",
            evidence: [...t.evidence, ...attachments],
            meta: { ...meta, ...t.meta },
          }
        : { ...t, meta };
    }
    case "csv": {
      // Filled while the rows stream by; stored with the report once all are read.
      const meta: ReportMeta = { skippedRows: 0, rowProblems: [] };
      return {
        ok: true,
        parser: "shadowserver-csv",
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
    }
    case "text":
      return parseFreeText(input);
  }
}
