import { sha256Hex } from "../../domain/canonical-json.ts";
import { classify, Event, Tlp } from "../../domain/event.ts";
import { type ClassificationType, resolveType } from "../../domain/taxonomy.ts";
import { normalizeIp, normalizeUrl, refang, sourceFields } from "../resources.ts";
import type { MimePart } from "./email.ts";
import {
  fail,
  type ParsedEvidence,
  type ParseInput,
  type ParseResult,
  type ReportMeta,
} from "./types.ts";

/*
 * XARF v4 (https://xarf.org): one JSON report per incident, sent as an HTTP body or as the
 * xarf.json attachment of a mail. The helpers in the first section are shared with the other
 * mail parsers (arf, x-arf, fail2ban); they sit here because this module is the one the others
 * already import.
 */

// ---------------------------------------------------------------------------------------------
// Shared helpers

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

/** A port number from a report field, or null when it is not one. */
export function toPort(value: unknown): number | null {
  const n =
    typeof value === "number" ? value : typeof value === "string" ? Number(value.trim()) : NaN;
  return Number.isInteger(n) && n >= 0 && n <= 65535 && String(value).trim() !== "" ? n : null;
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

// ---------------------------------------------------------------------------------------------
// XARF v4

const FEED = "xarf";

/**
 * XARF v4 types (and the v4 drafts' older names) whose RSIT type is not what resolveType
 * gives. Looked up by `type` first, then `category/type`.
 */
const XARF_TYPES: Record<string, ClassificationType> = {
  spam: "spam",
  bulk_messaging: "spam",
  login_attack: "brute-force",
  auth_failure: "brute-force",
  port_scan: "scanner",
  vuln_scanning: "scanner",
  vulnerability_scan: "scanner",
  reconnaissance: "scanner",
  ddos: "ddos",
  ddos_amplification: "ddos-amplifier",
  sql_injection: "exploit",
  scraping: "unauthorized-use-of-resources",
  bot: "infected-system",
  botnet: "infected-system",
  infected_host: "infected-system",
  compromised_server: "system-compromise",
  remote_compromise: "application-compromise",
  phishing: "phishing",
  malware: "malware-distribution",
  fraud: "masquerade",
  brand_infringement: "masquerade",
  suspicious_registration: "other",
  csam: "violence",
  csem: "violence",
  exposed_data: "data-leak",
  copyright: "copyright",
  cyberlocker: "copyright",
  link_site: "copyright",
  p2p: "copyright",
  usenet: "copyright",
  ugc_platform: "copyright",
  cve: "vulnerable-system",
  open: "potentially-unwanted-accessible",
  open_service: "potentially-unwanted-accessible",
  misconfiguration: "misconfiguration",
  blocklist: "blacklist",
  threat_intelligence: "undetermined",
  c2: "c2-server",
  "infrastructure/c2": "c2-server",
};

/** The RSIT type for an XARF v4 type, or null. */
export function xarfType(type: string, category?: string): ClassificationType | null {
  const t = type.trim().toLowerCase().replace(/-/g, "_");
  const c = (category ?? "").trim().toLowerCase();
  return XARF_TYPES[`${c}/${t}`] ?? XARF_TYPES[t] ?? resolveType(t);
}

/** Fields read into event fields or meta; the rest go to `extra` as they are. */
const CONSUMED = new Set([
  "xarf_version",
  "report_id",
  "timestamp",
  "reporter",
  "sender",
  "source_identifier",
  "source_port",
  "category",
  "class",
  "type",
  "url",
  "destination_ip",
  "destination_port",
  "protocol",
  "evidence",
  "description",
  "tlp",
  "malware_family",
  "_internal",
]);

const TRANSPORTS = new Set(["tcp", "udp", "icmp", "sctp"]);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined =>
  typeof v === "string" && v.trim() ? v.trim() : typeof v === "number" ? String(v) : undefined;

/** The source.* fields for what `source_identifier` holds: an IP, a CIDR, a URL or a host name. */
function sourceOf(identifier: string): Partial<Event> | null {
  const id = refang(identifier);
  if (normalizeIp(id)) return sourceFields({ ip: id });
  if (id.includes("/") && !id.includes("://")) {
    const net = sourceFields({ cidr: id });
    if (net["source.network"]) return net;
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(id)) {
    const u = sourceFields({ url: id });
    return u["source.url"] ? u : null;
  }
  const f = sourceFields({ fqdn: id });
  return f["source.fqdn"] ? f : null;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Evidence items, decoded; problems go to `errors` instead of failing the report. */
function evidenceOf(items: unknown, errors: string[]): ParsedEvidence[] {
  if (items === undefined) return [];
  if (!Array.isArray(items)) {
    errors.push("evidence is not an array");
    return [];
  }
  const out: ParsedEvidence[] = [];
  for (const [i, item] of items.entries()) {
    if (!isObject(item)) {
      errors.push(`evidence[${i}] is not an object`);
      continue;
    }
    const payload = typeof item.payload === "string" ? item.payload.replace(/\s+/g, "") : undefined;
    if (payload === undefined) {
      errors.push(`evidence[${i}] has no payload`);
      continue;
    }
    if (!BASE64.test(payload) || payload.length % 4 === 1) {
      errors.push(`evidence[${i}].payload is not base64`);
      continue;
    }
    const data = new Uint8Array(Buffer.from(payload, "base64"));
    const mediaType = str(item.content_type) ?? "application/octet-stream";
    const ev = makeEvidence(
      evidenceKind(mediaType, /^text\/plain/i.test(mediaType) ? "log" : "other"),
      mediaType,
      data,
      {
        description: str(item.description),
        filename: str(item.filename),
      },
    );
    const hash = str(item.hash)?.toLowerCase();
    const m = hash ? /^sha-?256:([0-9a-f]{64})$/.exec(hash) : null;
    if (m && m[1] !== ev.sha256) errors.push(`evidence[${i}].hash does not match the payload`);
    out.push(ev);
  }
  return out;
}

/**
 * A parsed XARF v4 report (the JSON value) as events. `input` gives the receive time. Used for
 * HTTP bodies (parseXarfV4) and for xarf.json attachments of mails.
 */
export function parseXarfJson(json: unknown, input: ParseInput): ParseResult {
  if (!isObject(json)) return fail(FEED, "the XARF report is not a JSON object");
  const version = str(json.xarf_version);
  if (!version) {
    if (json.Version !== undefined || json.ReporterInfo !== undefined) {
      return fail(
        FEED,
        `XARF v${str(json.Version) ?? "3"} JSON (Version/ReporterInfo) is not supported, only xarf_version 4.x`,
      );
    }
    return fail(FEED, "the JSON has no xarf_version field, so it is not an XARF v4 report");
  }
  if (!/^4(\.|$)/.test(version)) return fail(FEED, `xarf_version "${version}" is not 4.x`);

  const reporter = isObject(json.reporter) ? json.reporter : {};
  const sender = isObject(json.sender) ? json.sender : {};
  const meta: ReportMeta = compact({
    reporterOrg: str(reporter.org),
    reporterEmail: str(reporter.contact)?.toLowerCase(),
    reporterType: str(reporter.type) === "automated" ? "automated" : undefined,
    externalRef: str(json.report_id),
    description: str(json.description),
    tlp: toTlp(json.tlp) ?? undefined,
  });

  const typeName = str(json.type);
  const category = str(json.category) ?? str(json.class);
  if (!typeName) return fail(FEED, "the XARF report has no type", meta);
  const type = xarfType(typeName, category);
  if (!type)
    return fail(FEED, `unknown XARF type "${typeName}" (category "${category ?? ""}")`, meta);

  const identifier = str(json.source_identifier);
  const url = str(json.url);
  let source: Partial<Event> = {};
  if (identifier) {
    const s = sourceOf(identifier);
    if (!s && !url)
      return fail(
        FEED,
        `source_identifier "${identifier}" is not an IP address, network, URL or host name`,
        meta,
      );
    source = s ?? {};
  }
  if (url) {
    const u = normalizeUrl(url);
    if (!u) return fail(FEED, `url "${url}" is not an http(s) or ftp URL`, meta);
    // The identifier (usually the hosting IP) wins over what the URL's host says.
    source = { ...sourceFields({ url }), ...source };
  }
  if (!identifier && !url)
    return fail(FEED, "the XARF report has no source_identifier and no url", meta);
  if (json.source_port !== undefined) {
    const port = toPort(json.source_port);
    if (port === null)
      return fail(FEED, `source_port "${String(json.source_port)}" is not a port number`, meta);
    source["source.port"] = port;
  }

  const errors: string[] = [];
  const evidence = evidenceOf(json.evidence, errors);
  const timestamp = json.timestamp === undefined ? null : toIsoUtc(json.timestamp);
  if (json.timestamp !== undefined && !timestamp)
    errors.push(`timestamp "${String(json.timestamp)}" is not a date`);

  const protocol = str(json.protocol)?.toLowerCase();
  const destIp = str(json.destination_ip);
  const extra: Json = {
    xarf_version: version,
    report_id: str(json.report_id),
    category,
    xarf_type: typeName,
    sender_org: str(sender.org) !== str(reporter.org) ? str(sender.org) : undefined,
    sender_contact: str(sender.contact) !== str(reporter.contact) ? str(sender.contact) : undefined,
    reporter_domain: str(reporter.domain),
  };
  for (const [k, v] of Object.entries(json)) if (!CONSUMED.has(k)) extra[snakeKey(k)] = v;
  if (destIp && !normalizeIp(destIp)) extra.destination_ip = destIp;
  if (errors.length) extra.parse_warnings = errors;

  const draft: DraftEvent = {
    "feed.name": FEED,
    "feed.provider": str(reporter.org),
    "time.source": timestamp ?? undefined,
    "time.observation": input.receivedAt.toISOString(),
    ...classify(type),
    ...source,
    "destination.ip": destIp ? (normalizeIp(destIp) ?? undefined) : undefined,
    "destination.port": toPort(json.destination_port) ?? undefined,
    "protocol.transport": protocol && TRANSPORTS.has(protocol) ? protocol : undefined,
    "protocol.application": protocol && !TRANSPORTS.has(protocol) ? protocol : undefined,
    "malware.name": str(json.malware_family)?.toLowerCase(),
    "event_description.text": str(json.description),
    tlp: meta.tlp,
    extra,
  };
  return finish(FEED, [draft], evidence, meta);
}

/** An XARF v4 report sent as an HTTP body (application/json). */
export function parseXarfV4(input: ParseInput): ParseResult {
  let json: unknown;
  try {
    const text = new TextDecoder("utf-8", { fatal: true })
      .decode(input.bytes)
      .replace(/^\uFEFF/, "");
    json = JSON.parse(text);
  } catch (e) {
    return fail(FEED, `the body is not UTF-8 JSON: ${(e as Error).message}`);
  }
  return parseXarfJson(json, input);
}
