import { parse as parseYaml } from "yaml";
import { classify } from "../../domain/event.ts";
import { type ClassificationType, resolveType } from "../../domain/taxonomy.ts";
import { normalizeIp, sourceFields } from "../resources.ts";
import type { MailMessage, MimePart } from "./mail-types.ts";
import {
  type DraftEvent,
  evidenceKind,
  finish,
  makeEvidence,
  plainText,
  snakeKey,
  toIsoUtc,
  toPort,
  toTlp,
} from "./report-fields.ts";
import {
  fail,
  type ParsedEvidence,
  type ParseInput,
  type ParseResult,
  type ReportMeta,
} from "./types.ts";
import { parseXarfJson } from "./xarf-v4.ts";

/*
 * X-ARF 0.1 (header `X-ARF: YES`) and 0.2 (`X-XARF: PLAIN` or `SECURE`): a multipart/mixed
 * mail whose first part is text for people, the second a YAML report (report.txt) of
 * "Key: value" lines, and the third the evidence named by the report's Attachment field.
 */

const FEED = "x-arf";

/** X-ARF Report-Type values (from the x-arf.org schemas and what senders write) → RSIT. */
const REPORT_TYPES: Record<string, ClassificationType> = {
  "login-attack": "brute-force",
  "login-attempt": "brute-force",
  "auth-attack": "brute-force",
  "brute-force": "brute-force",
  portscan: "scanner",
  "port-scan": "scanner",
  harvesting: "scanner",
  "web-scan": "scanner",
  ddos: "ddos",
  dos: "dos",
  "open-resolver": "ddos-amplifier",
  "dns-amplifier": "ddos-amplifier",
  "open-proxy": "proxy",
  phishing: "phishing",
  "phishing-site": "phishing",
  spam: "spam",
  spamvertised: "spam",
  malware: "malware-distribution",
  "malware-attack": "malware-distribution",
  "malware-distribution": "malware-distribution",
  virus: "malware-distribution",
  botnet: "infected-system",
  "botnet-drone": "infected-system",
  cc: "c2-server",
  "hack-attack": "exploit",
  "hacking-attempt": "exploit",
  "web-attack": "exploit",
  "sql-injection": "exploit",
  exploit: "exploit",
  copyright: "copyright",
  "copyright-infringement": "copyright",
  defacement: "unauthorised-information-modification",
  fraud: "masquerade",
  test: "test",
};

/** Category alone (Report-Type missing or unknown), only where it says enough. */
const CATEGORIES: Record<string, ClassificationType> = {
  auth: "brute-force",
  malware: "malware-distribution",
  phishing: "phishing",
  spam: "spam",
  copyright: "copyright",
};
const KNOWN_CATEGORIES = new Set([
  "abuse",
  "auth",
  "fraud",
  "info",
  "malware",
  "copyright",
  "phishing",
  "spam",
]);

/** The RSIT type for an X-ARF Report-Type and Category, or null. */
export function xarfLegacyType(reportType?: string, category?: string): ClassificationType | null {
  const t = reportType
    ?.trim()
    .toLowerCase()
    .replace(/[_\s]+/g, "-");
  if (t) {
    const found = REPORT_TYPES[t] ?? resolveType(t);
    if (found) return found;
  }
  const c = category?.trim().toLowerCase();
  return c ? (CATEGORIES[c] ?? null) : null;
}

/** True for mails marked `X-ARF: YES` (0.1) or `X-XARF: PLAIN|SECURE` (0.2). */
export function isXarfLegacy(msg: MailMessage): boolean {
  const arf = msg.header("x-arf")?.toLowerCase();
  const xarf = msg.header("x-xarf")?.toLowerCase();
  return arf === "yes" || xarf === "plain" || xarf === "secure";
}

/**
 * The key/value report. YAML first (with every value a string); reports that are "YAML-ish"
 * rather than YAML (an unquoted `*`, `&`, `@` or ": " in a value) fall back to plain
 * `Key: value` lines.
 */
export function parseReportFields(
  text: string,
): { fields: Map<string, string> } | { error: string } {
  let yamlError = "";
  try {
    const doc: unknown = parseYaml(text, { schema: "failsafe" });
    if (doc && typeof doc === "object" && !Array.isArray(doc)) {
      const fields = new Map<string, string>();
      for (const [k, v] of Object.entries(doc)) {
        if (typeof v === "string") fields.set(k.trim().toLowerCase(), v.trim());
        else if (Array.isArray(v)) fields.set(k.trim().toLowerCase(), v.map(String).join(", "));
      }
      return { fields };
    }
    yamlError = "it is not a mapping of Key: value lines";
  } catch (e) {
    yamlError = ((e as Error).message.split("\n")[0] ?? "YAML error").replace(/:\s*$/, "");
  }
  const fields = new Map<string, string>();
  let stray = 0;
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim() || /^(---|\.\.\.|%YAML|#)/.test(line.trim())) continue;
    const m = /^([A-Za-z][A-Za-z0-9_-]*)[ \t]*:[ \t]*(.*)$/.exec(line);
    if (m?.[1]) fields.set(m[1].toLowerCase(), (m[2] ?? "").trim().replace(/^(['"])(.*)\1$/, "$2"));
    else stray++;
  }
  if (fields.has("source") && stray === 0) return { fields };
  return { error: yamlError };
}

const SOURCE_TYPES: Record<string, "ip" | "url" | "fqdn" | "email" | "cidr"> = {
  "ip-address": "ip",
  ipv4: "ip",
  ipv6: "ip",
  ip: "ip",
  uri: "url",
  url: "url",
  domain: "fqdn",
  fqdn: "fqdn",
  hostname: "fqdn",
  email: "email",
  "email-address": "email",
  "mail-address": "email",
  "ip-range": "cidr",
  cidr: "cidr",
  "ipv4-range": "cidr",
  "ipv6-range": "cidr",
};

/** The source.* fields for Source and Source-Type, or a reason. */
function sourceOf(
  source: string,
  sourceType: string | undefined,
): Record<string, unknown> | string {
  const declared = sourceType ? SOURCE_TYPES[sourceType.toLowerCase()] : undefined;
  if (sourceType && !declared) return `Source-Type "${sourceType}" is not one X-ARF defines`;
  const kind =
    declared ??
    (normalizeIp(source)
      ? "ip"
      : /^[a-z]+:\/\//i.test(source)
        ? "url"
        : source.includes("@")
          ? "email"
          : "fqdn");
  const fields = sourceFields({ [kind]: source });
  const wanted = {
    ip: "source.ip",
    url: "source.url",
    fqdn: "source.fqdn",
    email: "source.account",
    cidr: "source.network",
  }[kind];
  if (!(wanted in fields)) return `Source "${source}" is not a valid ${sourceType ?? kind}`;
  return fields;
}

/** Fields read into event fields or meta; the rest go to `extra`. */
const CONSUMED = new Set([
  "source",
  "source-type",
  "port",
  "service",
  "date",
  "report-id",
  "reported-from",
  "category",
  "report-type",
  "tlp",
  "destination",
  "destination-type",
  "occurances",
  "occurrences",
  "version",
]);

function containerOf(msg: MailMessage): MimePart | null {
  let part = msg.root;
  // X-XARF: SECURE wraps the report in multipart/signed; the report is its first child.
  while (part.contentType === "multipart/signed" && part.children[0]) part = part.children[0];
  return part.children.length ? part : null;
}

/** X-ARF 0.1/0.2 mail → one event for the report's Source. */
export async function parseXarfLegacyMessage(
  msg: MailMessage,
  input: ParseInput,
): Promise<ParseResult> {
  const cut = msg.truncated ? " (the message is cut off: a MIME part has no closing boundary)" : "";
  const meta: ReportMeta = { reporterType: "automated" };
  const container = containerOf(msg);
  if (!container) {
    return fail(
      FEED,
      "the X-ARF mail is not multipart: expected a text part, the report (report.txt) and the evidence",
      meta,
    );
  }
  const parts = container.children;
  const reportPart =
    parts.find(
      (p) => /^report\.(txt|ya?ml)$/i.test(p.filename ?? "") || /yaml/.test(p.contentType),
    ) ?? parts[1];
  if (!reportPart) {
    return fail(
      FEED,
      `the X-ARF mail has no second MIME part with the report (report.txt)${cut}`,
      meta,
    );
  }
  const human = parts[0] !== reportPart && parts[0] ? plainText(parts[0]) : undefined;
  if (human?.trim()) meta.description = human.trim();

  const reportText = reportPart.text ?? new TextDecoder().decode(reportPart.content);
  if (/^\s*\{/.test(reportText)) {
    // An XARF v4 JSON report sent with the old header.
    try {
      return parseXarfJson(JSON.parse(reportText), input);
    } catch (e) {
      return fail(FEED, `the report part is neither YAML nor JSON: ${(e as Error).message}`, meta);
    }
  }
  const parsed = parseReportFields(reportText);
  if ("error" in parsed) {
    return fail(
      FEED,
      `the report part (${reportPart.filename ?? `part ${reportPart.id}`}) is not a YAML Key: value report: ${parsed.error}${cut}`,
      meta,
    );
  }
  const f = parsed.fields;
  const get = (k: string) => f.get(k) || undefined;

  const reportedFrom = get("reported-from");
  if (reportedFrom && /^[^@\s]+@[^@\s]+$/.test(reportedFrom))
    meta.reporterEmail = reportedFrom.toLowerCase();
  const reportId = get("report-id");
  if (reportId) meta.externalRef = reportId;
  const tlp = toTlp(get("tlp"));
  if (tlp) meta.tlp = tlp;

  const reportType = get("report-type");
  const category = get("category");
  if (!reportType && !category)
    return fail(FEED, `the report has neither Report-Type nor Category${cut}`, meta);
  const type = xarfLegacyType(reportType, category);
  if (!type) {
    const known =
      category && !KNOWN_CATEGORIES.has(category.toLowerCase())
        ? ` and Category "${category}" is not an X-ARF category`
        : "";
    return fail(FEED, `unknown X-ARF Report-Type "${reportType ?? ""}"${known}`, meta);
  }

  const source = get("source");
  if (!source) return fail(FEED, `the report has no Source field${cut}`, meta);
  const src = sourceOf(source, get("source-type"));
  if (typeof src === "string") return fail(FEED, src, meta);

  const dateRaw = get("date");
  const time = dateRaw ? toIsoUtc(dateRaw) : null;
  const portRaw = get("port");
  const port = portRaw ? toPort(portRaw) : null;
  const destinationRaw = get("destination");
  const destination = destinationRaw ? normalizeIp(destinationRaw) : null;
  const occurrencesRaw = get("occurrences") ?? get("occurances");
  const version = get("version") ?? (msg.header("x-arf") ? "0.1" : "0.2");

  const extra: Record<string, unknown> = {
    xarf_version: version,
    category,
    report_type: reportType,
    report_id: reportId,
    reported_from: reportedFrom,
    occurrences:
      occurrencesRaw && /^\d+$/.test(occurrencesRaw) ? Number(occurrencesRaw) : occurrencesRaw,
  };
  for (const [k, v] of f) if (!CONSUMED.has(k) && v) extra[snakeKey(k)] = v;
  if (dateRaw && !time) extra.date = dateRaw;
  if (portRaw && port === null) extra.port = portRaw;
  if (destinationRaw && !destination) extra.destination = destinationRaw;
  if (get("tlp") && !tlp) extra.tlp = get("tlp");
  if (msg.truncated) extra.truncated = true;

  // Everything after the report part is evidence; the Attachment field names its type.
  const evidence: ParsedEvidence[] = [];
  const attachmentType = get("attachment");
  for (const p of parts.slice(parts.indexOf(reportPart) + 1)) {
    if (p.content.length === 0) continue;
    const mediaType =
      p.contentType === "application/octet-stream" && attachmentType?.includes("/")
        ? attachmentType
        : p.mediaType;
    const kind = evidenceKind(mediaType, /^text\/plain/i.test(mediaType) ? "log" : "other");
    evidence.push(
      makeEvidence(kind, mediaType, p.content, {
        filename: p.filename,
        description: "evidence attached to the X-ARF report",
      }),
    );
  }

  const draft: DraftEvent = {
    "feed.name": FEED,
    "time.observation": input.receivedAt.toISOString(),
    "time.source": time ?? undefined,
    ...classify(type),
    ...src,
    "source.port": port ?? undefined,
    "destination.ip": destination ?? undefined,
    "protocol.application": get("service")?.toLowerCase(),
    tlp: tlp ?? undefined,
    raw: reportText.trim(),
    extra,
  };
  return finish(FEED, [draft], evidence, meta);
}
