import { sha256Hex } from "../../domain/canonical-json.ts";
import { Event, Tlp } from "../../domain/event.ts";
import { port, utcTime } from "../../domain/fields.ts";
import type { MimePart } from "./mail-types.ts";
import { fail, type ParsedEvidence, type ParseResult, type ReportMeta } from "./types.ts";

// Reading the fields of structured reports (dates, ports, TLP labels, evidence) and turning
// a parser's drafts into validated events: shared by the mail-format parsers.

/** An event as a parser builds it, before validation. */
export type DraftEvent = Record<string, unknown>;

const MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec";
const ISO_LIKE =
  /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;
const DOTTED =
  /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?$/i;
const HAS_ZONE =
  /(?:[\s\d][+-]\d{2}:?\d{2}(?:\s*\([^)]*\))?\s*$)|\b(?:UT|UTC|GMT|Z|[ECMP][SD]T)\b/i;

function offsetMinutes(zone: string | undefined): number {
  if (!zone || /^(z|utc|gmt)$/i.test(zone)) return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (!m) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return m[1] === "-" ? -minutes : minutes;
}

function fromParts(
  y: string,
  mo: string,
  d: string,
  h = "0",
  mi = "0",
  s = "0",
  frac = "",
  zone?: string,
): string | null {
  const ms = Number(`0.${frac || "0"}`) * 1000;
  const t = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, ms) - offsetMinutes(zone) * 60_000;
  const check = new Date(Date.UTC(+y, +mo - 1, +d));
  if (
    check.getUTCMonth() !== +mo - 1 ||
    check.getUTCDate() !== +d ||
    +h > 23 ||
    +mi > 59 ||
    +s > 60
  )
    return null;
  return Number.isFinite(t) ? new Date(t).toISOString() : null;
}

/**
 * A date as reports write it, as an ISO-8601 UTC string, or null. Takes ISO 8601 (with or
 * without `T` and zone), RFC 5322 (`Sat, 28 Nov 2026 03:02:11 +0000`), ctime/date(1)
 * (`Sat Nov 28 03:02:11 UTC 2026`), syslog-with-year (`Nov 28 2026 03:02:11 +0100`),
 * `28.11.2026 03:02:11`, `2026/11/28 03:02:11`, Unix seconds and milliseconds, and JST. A time
 * without a zone is taken as UTC.
 */
export function toIsoUtc(value: unknown): string | null {
  const iso = readDate(value);
  // the time rule of every event: a year PostgreSQL reads back, among others
  return iso === null ? null : utcTime(iso);
}

function readDate(value: unknown): string | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value === "number") return epochToIso(value);
  if (typeof value !== "string") return null;
  const s = value.trim().replace(/\s+/g, " ");
  if (!s) return null;
  if (/^\d{9,10}(\.\d+)?$/.test(s)) return epochToIso(Number(s));
  if (/^\d{12,13}$/.test(s)) return epochToIso(Number(s) / 1000);
  const iso = ISO_LIKE.exec(s);
  if (iso) {
    const [, y = "", mo = "", d = "", h, mi, sec, frac, zone] = iso;
    return fromParts(y, mo, d, h, mi, sec, frac, zone);
  }
  const dotted = DOTTED.exec(s);
  if (dotted) {
    const [, d = "", mo = "", y = "", h, mi, sec, zone] = dotted;
    return fromParts(y, mo, d, h, mi, sec, "", zone);
  }
  // Free-form dates go to V8's parser, which needs a month name and a four-digit year to be
  // trusted (it reads "1" or "abc 2026" as dates too), and which reads zoneless times as local.
  if (!new RegExp(`\\b(${MONTHS})[a-z]*\\b`, "i").test(s) || !/\b(19|20)\d{2}\b/.test(s))
    return null;
  let text = s.replace(/\bJST\b/i, "+0900").replace(/\s*\([^)]*\)\s*$/, "");
  if (!HAS_ZONE.test(text)) text = `${text} UTC`;
  const t = Date.parse(text);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

function epochToIso(seconds: number): string | null {
  if (!Number.isFinite(seconds) || seconds < 0) return null;
  return new Date(seconds * 1000).toISOString();
}

/** The evidence kind for a media type, `fallback` when nothing more specific fits. */
export function evidenceKind(
  mediaType: string,
  fallback: ParsedEvidence["kind"] = "other",
): ParsedEvidence["kind"] {
  const t = mediaType.toLowerCase().split(";")[0]?.trim() ?? "";
  if (t.startsWith("image/")) return "screenshot";
  if (t === "message/rfc822" || t === "message/global") return "email";
  if (/^(text|message)\/(rfc822|global)-headers$/.test(t)) return "headers";
  if (t === "text/html" || t === "application/xhtml+xml") return "content";
  return fallback;
}

/** The text of a MIME part, or of the first text part inside it (multipart/alternative). */
export function plainText(part: MimePart): string | undefined {
  if (!part.children.length) return part.contentType.startsWith("text/") ? part.text : undefined;
  for (const child of part.children) {
    const text = plainText(child);
    if (text !== undefined) return text;
  }
  return undefined;
}

/** A piece of evidence with its SHA-256. */
export function makeEvidence(
  kind: ParsedEvidence["kind"],
  mediaType: string,
  data: Uint8Array,
  extra: { description?: string; filename?: string } = {},
): ParsedEvidence {
  const ev: ParsedEvidence = { kind, mediaType, data, sha256: sha256Hex(data) };
  if (extra.description) ev.description = extra.description;
  if (extra.filename) ev.filename = extra.filename;
  return ev;
}

/** A TLP 2.0 label from what a report wrote (`TLP:AMBER`, `white`), or null. */
export function toTlp(value: unknown): Tlp | null {
  if (typeof value !== "string") return null;
  const v = value
    .trim()
    .toLowerCase()
    .replace(/^tlp\s*:\s*/, "");
  const parsed = Tlp.safeParse(v === "white" ? "clear" : v);
  return parsed.success ? parsed.data : null;
}

/** A port number from a report field (a number, or its digits), or null when it is not one. */
export function toPort(value: unknown): number | null {
  if (typeof value === "number")
    return Number.isInteger(value) && value >= 0 && value <= 65535 ? value : null;
  return typeof value === "string" ? port(value.trim()) : null;
}

/** Drops undefined, null, empty strings and empty arrays/objects, so events and extras stay small. */
export function compact<T extends object>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined || v === null || v === "") continue;
    if (Array.isArray(v) && v.length === 0) continue;
    if (typeof v === "object" && !Array.isArray(v) && !(v instanceof Uint8Array)) {
      if (Object.keys(v as object).length === 0) continue;
    }
    out[k] = v;
  }
  return out as T;
}

/** A report field name as an `extra` key: `Report-Type` → `report_type`. */
export const snakeKey = (name: string): string =>
  name
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");

/**
 * Validates the drafts with Event.parse and wraps them in a result. A draft that fails
 * validation is a parser bug; it becomes a failed result naming the field instead of a throw.
 */
export function finish(
  parser: string,
  drafts: DraftEvent[],
  evidence: ParsedEvidence[],
  meta: ReportMeta,
): ParseResult {
  if (drafts.length === 0) return fail(parser, "the report names nothing to act on", meta);
  const events: Event[] = [];
  for (const [i, draft] of drafts.entries()) {
    const d = compact(draft);
    if (d.extra && typeof d.extra === "object") {
      const extra = compact(d.extra as Record<string, unknown>);
      if (Object.keys(extra).length) d.extra = extra;
      else delete d.extra;
    }
    const r = Event.safeParse(d);
    if (!r.success) {
      const why = r.error.issues
        .map((x) => `${x.path.join(".") || "event"}: ${x.message}`)
        .join("; ");
      return fail(parser, `event ${i + 1} is not a valid Event (parser bug): ${why}`, meta);
    }
    events.push(r.data);
  }
  return { ok: true, parser, events, evidence, meta: compact(meta) };
}
