import { classify, type Event } from "../../domain/event.ts";
import { type ClassificationType, resolveType } from "../../domain/taxonomy.ts";
import { normalizeIp, normalizeUrl, refang, sourceFields } from "../resources.ts";
import {
  compact,
  type DraftEvent,
  evidenceKind,
  finish,
  makeEvidence,
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

/*
 * XARF v4 (https://xarf.org): one JSON report per incident, sent as an HTTP body or as the
 * xarf.json attachment of a mail.
 */

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
