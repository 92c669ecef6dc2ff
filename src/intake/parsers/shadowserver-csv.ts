import { parse as parseCsv } from "csv-parse/sync";
import { classify, Event } from "../../domain/event.ts";
import { normalizeFqdn, normalizeIp, normalizeUrl } from "../resources.ts";
import { fail, type ParseInput, type ParseResult } from "./types.ts";

/**
 * Shadowserver-style CSV reports, mapped by header name, row by row.
 *
 * Report type: the explicit `format` ("scan_rdp", "event4_sinkhole_http", "drone"), else the
 * file name (`2026-11-28-scan_rdp-asn-jp-geo.csv`), else the header (`src_ip` with
 * `infection`/`family` is a sinkhole report, `ip` with `infection` a drone report, `ip` with
 * `tag`/`port` a scan). The report type is `feed.name`.
 *
 * Layouts:
 * - scan (`scan_*`): source.ip/port/asn/fqdn (hostname)/geolocation.cc, protocol.transport,
 *   classification.identifier = tag, protocol.application = the tag's first part.
 * - sinkhole (`*sinkhole*` with `src_ip`): infected-system; source.* from src_*,
 *   destination.* from dst_*, destination.fqdn from http_host, destination.url from
 *   http_host + http_url, malware.name from infection (else family), lower case.
 * - drone (`drone`, `botnet_drone`, or a sinkhole report with `ip` instead of `src_ip`):
 *   infected-system; source.* from ip/port/asn/geo/hostname, destination.* from cc/cc_*.
 * Every column that is not mapped, or whose value does not fit its field (a port that is
 * not a number), goes to `extra` under its own name; `http_agent`/`agent` as `user_agent`.
 *
 * Row problems (a bad IP, a bad timestamp, a wrong number of fields, malformed quoting, a
 * line longer than `maxLineLength`) skip the row and are reported with the row number (the
 * line in the file where the row starts; the header is row 1); reading goes on. Lines are
 * split here rather than by csv-parse because csv-parse, after a quoting error or an
 * over-long record, drops the rest of the input even with `skip_records_with_error`; each
 * batch of complete rows is then parsed with csv-parse/sync.
 */

export const SHADOWSERVER_PARSER = "shadowserver-csv";
export const DEFAULT_MAX_LINE_LENGTH = 100_000;
const BATCH_ROWS = 512;
const PROBLEMS_IN_SUMMARY = 20;

export interface RowProblem {
  /** The line of the file where the row starts (the header is row 1). */
  row: number;
  reason: string;
}

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

// ---------------------------------------------------------------------------------------
// Report types
// ---------------------------------------------------------------------------------------

type Layout = "scan" | "sinkhole" | "drone";

/**
 * Scan reports: which exposed services are DDoS amplifiers (UDP services that answer a
 * small spoofed request with a large reply), judged by the tag's parts and the report name
 * after "scan_":
 *
 * | service (tag part or report suffix)                                    | classification.type |
 * | ---------------------------------------------------------------------- | ------------------- |
 * | chargen, qotd, ntp, ntpmonitor, monlist, ssdp, memcached, dns,          | ddos-amplifier      |
 * | openresolver, snmp, netbios, portmapper, mdns, cldap, ldap_udp, tftp,   |                     |
 * | ubiquiti, ard, coap, ws_discovery, dvr_dhcpdiscover, rdpeudp, xdmcp,    |                     |
 * | slp, sentinel                                                           |                     |
 * | anything else (rdp, ssh, telnet, smb, vnc, http, ftp, mysql, redis, …)  | vulnerable-system   |
 */
const AMPLIFIERS = new Set([
  "chargen",
  "qotd",
  "ntp",
  "ntpmonitor",
  "monlist",
  "ssdp",
  "memcached",
  "dns",
  "openresolver",
  "snmp",
  "netbios",
  "portmapper",
  "mdns",
  "cldap",
  "ldap_udp",
  "tftp",
  "ubiquiti",
  "ard",
  "coap",
  "ws_discovery",
  "dvr_dhcpdiscover",
  "rdpeudp",
  "xdmcp",
  "slp",
  "sentinel",
]);

const norm = (s: string) => s.trim().toLowerCase().replace(/-/g, "_");

/** The report type in a Shadowserver file name (`2026-11-28-scan_rdp-asn-jp-geo.csv`), or null. */
export function reportTypeFromFilename(filename: string): string | null {
  const base = filename.split(/[\\/]/).pop() ?? filename;
  const m = /^\d{4}-\d{2}-\d{2}-([a-z0-9_]+)(?:-[^/]*)?\.csv$/i.exec(base);
  return m ? (m[1] as string).toLowerCase() : null;
}

function layoutOf(reportType: string, has: (c: string) => boolean): Layout | null | "missing" {
  if (/^scan6?(?:_|$)/.test(reportType)) return has("ip") ? "scan" : "missing";
  if (/sinkhole|drone/.test(reportType)) {
    if (has("src_ip")) return "sinkhole";
    return has("ip") ? "drone" : "missing";
  }
  return null;
}

function layoutFromHeader(has: (c: string) => boolean): { name: string; layout: Layout } | null {
  if (has("src_ip") && (has("infection") || has("family")))
    return { name: "sinkhole", layout: "sinkhole" };
  if (has("ip") && has("infection")) return { name: "drone", layout: "drone" };
  if (has("ip") && (has("tag") || has("port"))) return { name: "scan", layout: "scan" };
  return null;
}

const describeHeader = (header: string[]) => {
  const text = header.join(",");
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
};

/** The report type and layout, or a ShadowserverCsvError naming the header. */
export function detectReport(
  header: string[],
  opts: { format?: string; filename?: string },
): { name: string; layout: Layout } {
  const columns = new Set(header);
  const has = (c: string) => columns.has(c);
  const needs = (name: string) =>
    new ShadowserverCsvError(
      `report type "${name}" needs an "${/^scan/.test(name) ? "ip" : 'src_ip" or "ip'}" column; header: ${describeHeader(header)}`,
    );
  if (opts.format?.trim()) {
    const name = norm(opts.format);
    const layout = layoutOf(name, has);
    if (layout === "missing") throw needs(name);
    if (!layout) {
      throw new ShadowserverCsvError(
        `unknown Shadowserver report type "${name}" (known: scan_*, *sinkhole*, drone); header: ${describeHeader(header)}`,
      );
    }
    return { name, layout };
  }
  const fromName = opts.filename ? reportTypeFromFilename(opts.filename) : null;
  if (fromName) {
    const layout = layoutOf(fromName, has);
    if (layout === "missing") throw needs(fromName);
    if (layout) return { name: fromName, layout };
  }
  const guessed = layoutFromHeader(has);
  if (guessed) return fromName ? { name: fromName, layout: guessed.layout } : guessed;
  throw new ShadowserverCsvError(
    `unknown Shadowserver report type${fromName ? ` "${fromName}"` : ""}: the header names no known layout ` +
      `(expected "ip" with "tag"/"port", or "src_ip" with "infection"/"family"); header: ${describeHeader(header)}`,
  );
}

// ---------------------------------------------------------------------------------------
// Field conversions
// ---------------------------------------------------------------------------------------

const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:Z|[+-]00(?::?00)?)?$/;

let lastTime: { text: string; iso: string | null } = { text: "", iso: null };

/** "YYYY-MM-DD HH:MM:SS" in UTC as ISO-8601, or null. Feeds repeat timestamps: the last one is remembered. */
export function shadowserverTime(s: string): string | null {
  if (s === lastTime.text) return lastTime.iso;
  const iso = parseTime(s);
  lastTime = { text: s, iso };
  return iso;
}

const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const digits = (s: string, from: number, to: number) => {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
};

function parseTime(s: string): string | null {
  // The usual shape, "2026-11-28 00:14:09", checked and rearranged without a Date.
  if (
    s.length === 19 &&
    s[4] === "-" &&
    s[7] === "-" &&
    (s[10] === " " || s[10] === "T") &&
    s[13] === ":" &&
    s[16] === ":" &&
    digits(s, 0, 4) &&
    digits(s, 5, 7) &&
    digits(s, 8, 10) &&
    digits(s, 11, 13) &&
    digits(s, 14, 16) &&
    digits(s, 17, 19)
  ) {
    const mo = Number(s.slice(5, 7));
    const d = Number(s.slice(8, 10));
    const ok =
      mo >= 1 &&
      mo <= 12 &&
      d >= 1 &&
      d <= (DAYS[mo - 1] as number) &&
      Number(s.slice(11, 13)) <= 23 &&
      Number(s.slice(14, 16)) <= 59 &&
      Number(s.slice(17, 19)) <= 59;
    if (ok && !(mo === 2 && d === 29)) return `${s.slice(0, 10)}T${s.slice(11)}.000Z`;
    // 29 February and anything odd: the careful way below.
  }
  const m = TIMESTAMP.exec(s);
  if (!m) return null;
  const [y, mo, d, h, mi, se] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const t = new Date(Date.UTC(y, mo - 1, d, h, mi, se));
  if (t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d || h > 23 || mi > 59 || se > 59)
    return null;
  return t.toISOString();
}

const OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const CANONICAL_IPV4 = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);

/**
 * normalizeIp with a fast path: a dotted quad without leading zeros is already canonical
 * (ipaddr.js costs ~15 µs per call, most of a row's time in a million-row file).
 */
const toIp = (s: string): string | undefined =>
  CANONICAL_IPV4.test(s) ? s : (normalizeIp(s) ?? undefined);

const toPort = (s: string) => (/^\d{1,5}$/.test(s) && Number(s) <= 65535 ? Number(s) : undefined);
const toAsn = (s: string) => {
  const m = /^(?:AS)?(\d{1,10})$/i.exec(s);
  return m && Number(m[1]) <= 4294967295 ? Number(m[1]) : undefined;
};
const toCc = (s: string) => (/^[A-Za-z]{2}$/.test(s) ? s.toUpperCase() : undefined);
const toTransport = (s: string) =>
  /^(?:tcp|udp|icmp|sctp)$/i.test(s) ? s.toLowerCase() : undefined;
const LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
const CANONICAL_FQDN = new RegExp(`^(?=.{1,253}$)(?:${LABEL}\\.)+[a-z0-9-]*[a-z][a-z0-9-]*$`);
/** normalizeFqdn with the same fast path: a lower-case ASCII name with a non-numeric last label. */
const toFqdn = (s: string) => (CANONICAL_FQDN.test(s) ? s : (normalizeFqdn(s) ?? undefined));

/** Host + path as a URL: "update-cdn.example" + "/gate.php" → "http://update-cdn.example/gate.php". */
function joinUrl(host: string | undefined, path: string | undefined): string | undefined {
  if (!path) return undefined;
  if (/^(?:https?|ftp):\/\//i.test(path)) return normalizeUrl(path)?.url;
  if (!host || !path.startsWith("/")) return undefined;
  const authority = host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
  return normalizeUrl(`http://${authority}${path}`)?.url;
}

// ---------------------------------------------------------------------------------------
// Rows to events
// ---------------------------------------------------------------------------------------

type Cells = string[];

/** Maps the cells of one row to an event, by the header's column names. */
class RowMapper {
  private readonly index = new Map<string, number>();
  private readonly columns: [string, number][];
  private readonly observed: string;
  private readonly service: string;
  // the row being mapped (fields rather than closures: this runs a million times a file)
  private cells: Cells = [];
  private used: Uint8Array;
  private e: Record<string, unknown> = {};

  constructor(
    readonly header: string[],
    readonly report: { name: string; layout: Layout },
    receivedAt: Date,
  ) {
    header.forEach((name, i) => {
      if (name && !this.index.has(name)) this.index.set(name, i);
    });
    this.columns = [...this.index];
    this.used = new Uint8Array(header.length);
    this.observed = receivedAt.toISOString();
    this.service = report.name.replace(/^scan6?_?/, "");
  }

  /** The trimmed value of a column, undefined when the column is missing or empty. */
  private get(name: string): string | undefined {
    const i = this.index.get(name);
    if (i === undefined) return undefined;
    const v = (this.cells[i] as string).trim();
    return v === "" ? undefined : v;
  }

  private use(name: string) {
    const i = this.index.get(name);
    if (i !== undefined) this.used[i] = 1;
  }

  /** Sets `field` from `column` when the value converts; otherwise the value stays for `extra`. */
  private take<T>(
    field: string,
    column: string,
    convert: (s: string) => T | undefined,
  ): T | undefined {
    const v = this.get(column);
    if (v === undefined) return undefined;
    const c = convert(v);
    if (c === undefined) return undefined;
    if (this.e[field] === undefined) this.e[field] = c;
    // a second column for a field already set stays in extra unless it says the same
    if (this.e[field] === c) this.use(column);
    return c;
  }

  map(cells: Cells, row: number, raw: string): Event | RowProblem {
    if (cells.length !== this.header.length) {
      return {
        row,
        reason: `the row has ${cells.length} fields, the header has ${this.header.length}`,
      };
    }
    this.cells = cells;
    this.used.fill(0);
    const e: Record<string, unknown> = {
      "feed.name": this.report.name,
      "feed.provider": "Shadowserver",
    };
    this.e = e;

    const ts = this.get("timestamp");
    if (ts !== undefined) {
      const iso = shadowserverTime(ts);
      if (!iso) return { row, reason: `timestamp "${clip(ts)}" is not "YYYY-MM-DD HH:MM:SS"` };
      e["time.source"] = iso;
      this.use("timestamp");
    }
    e["time.observation"] = this.observed;

    const layout = this.report.layout;
    const ipColumn = layout === "sinkhole" ? "src_ip" : "ip";
    const ipText = this.get(ipColumn);
    if (ipText === undefined) return { row, reason: `"${ipColumn}" is empty` };
    const ip = toIp(ipText);
    if (!ip) return { row, reason: `"${ipColumn}" is not an IP address: "${clip(ipText)}"` };
    e["source.ip"] = ip;
    this.use(ipColumn);

    if (layout === "scan") this.scan();
    else this.infected(layout);

    let extra: Record<string, string> | undefined;
    for (const [name, i] of this.columns) {
      if (this.used[i] === 1) continue;
      const v = (cells[i] as string).trim();
      if (v === "") continue;
      extra ??= {};
      extra[name === "http_agent" || name === "agent" ? "user_agent" : name] = v;
    }
    if (extra) e.extra = extra;
    e.raw = raw;

    const parsed = Event.safeParse(e);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
      return { row, reason: `not a valid event: ${issues}` };
    }
    return parsed.data;
  }

  private scan() {
    const e = this.e;
    this.take("source.port", "port", toPort);
    this.take("source.asn", "asn", toAsn);
    this.take("source.geolocation.cc", "geo", toCc);
    this.take("source.fqdn", "hostname", toFqdn);
    this.take("protocol.transport", "protocol", toTransport);
    const tag = this.get("tag");
    const parts = (tag ?? this.service).split(/[;,]/).map(norm).filter(Boolean);
    const amplifier = parts.some((p) => AMPLIFIERS.has(p)) || AMPLIFIERS.has(norm(this.service));
    Object.assign(e, classify(amplifier ? "ddos-amplifier" : "vulnerable-system"));
    if (tag !== undefined) {
      e["classification.identifier"] = tag.toLowerCase();
      this.use("tag");
    } else if (this.service) {
      e["classification.identifier"] = this.service;
    }
    if (parts[0]) e["protocol.application"] = parts[0];
  }

  private infected(layout: "sinkhole" | "drone") {
    const e = this.e;
    Object.assign(e, classify("infected-system"));
    const p = layout === "sinkhole" ? "src_" : "";
    this.take("source.port", `${p}port`, toPort);
    this.take("source.asn", `${p}asn`, toAsn);
    this.take("source.geolocation.cc", `${p}geo`, toCc);
    this.take("source.fqdn", `${p}hostname`, toFqdn);
    if (layout === "sinkhole") {
      this.take("destination.ip", "dst_ip", toIp);
      this.take("destination.port", "dst_port", toPort);
      this.take("destination.asn", "dst_asn", toAsn);
      this.take("destination.fqdn", "http_host", toFqdn);
      this.take("destination.fqdn", "dst_hostname", toFqdn);
      this.take("destination.ip", "http_host", toIp);
      const url = joinUrl(this.get("http_host"), this.get("http_url"));
      if (url) {
        e["destination.url"] = url;
        this.use("http_url");
      }
      this.take("protocol.transport", "protocol", toTransport);
    } else {
      this.take("destination.ip", "cc", toIp);
      this.take("destination.fqdn", "cc", toFqdn);
      this.take("destination.fqdn", "cc_dns", toFqdn);
      this.take("destination.port", "cc_port", toPort);
      this.take("destination.asn", "cc_asn", toAsn);
      const host = (e["destination.fqdn"] ?? e["destination.ip"]) as string | undefined;
      const url = joinUrl(host, this.get("url"));
      if (url) {
        e["destination.url"] = url;
        this.use("url");
      }
      this.take("protocol.transport", "type", toTransport);
      this.take("protocol.transport", "protocol", toTransport);
    }
    this.take("protocol.application", "application", lower);
    const malware = this.take("malware.name", "infection", lower);
    const family = this.get("family")?.toLowerCase();
    if (malware === undefined && family !== undefined) {
      e["malware.name"] = family;
      this.use("family");
    } else if (family === malware) {
      this.use("family");
    }
    if (e["malware.name"] !== undefined) e["classification.identifier"] = e["malware.name"];
  }
}

const lower = (s: string) => s.toLowerCase();
const clip = (s: string, n = 80) => (s.length > n ? `${s.slice(0, n)}…` : s);

// ---------------------------------------------------------------------------------------
// Splitting the text into rows, in constant memory
// ---------------------------------------------------------------------------------------

interface RawRow {
  row: number;
  text: string;
}

const countQuotes = (s: string) => {
  let n = 0;
  for (let i = s.indexOf('"'); i !== -1; i = s.indexOf('"', i + 1)) n++;
  return n;
};

/**
 * Cuts the text into rows at line ends outside quotes. A row longer than `max` characters is
 * dropped as it streams (never buffered whole) and reported; reading resumes at the next line.
 */
class RowSplitter {
  private carry = "";
  private carryRow = 1;
  private line = 1;
  private quotes = 0;
  private discarding = false;

  constructor(private readonly max: number) {}

  push(chunk: string, rows: RawRow[], problems: RowProblem[]): void {
    let i = 0;
    while (i <= chunk.length) {
      const nl = chunk.indexOf("\n", i);
      const piece = chunk.slice(i, nl === -1 ? chunk.length : nl);
      if (!this.discarding) {
        if (this.carry.length + piece.length > this.max) {
          problems.push({
            row: this.carryRow,
            reason: `the row is longer than ${this.max} characters`,
          });
          this.discarding = true;
          this.carry = "";
          this.quotes = 0;
        } else {
          this.carry += piece;
          this.quotes += countQuotes(piece);
        }
      }
      if (nl === -1) return;
      this.line++;
      if (this.discarding) {
        this.discarding = false;
        this.carryRow = this.line;
      } else if (this.quotes % 2 === 1) {
        this.carry += "\n"; // a line end inside a quoted field
      } else {
        this.emit(rows);
      }
      i = nl + 1;
    }
  }

  end(rows: RawRow[], problems: RowProblem[]): void {
    if (this.discarding) return;
    if (this.quotes % 2 === 1) {
      const last = this.carry.endsWith("\n") ? this.line - 1 : this.line;
      const span = last > this.carryRow ? `rows ${this.carryRow}–${last}` : `row ${this.carryRow}`;
      problems.push({
        row: this.carryRow,
        reason: `a quoted field is not closed before the end of the file (${span} skipped)`,
      });
      return;
    }
    this.emit(rows);
  }

  private emit(rows: RawRow[]) {
    const text = this.carry.endsWith("\r") ? this.carry.slice(0, -1) : this.carry;
    if (text.trim() !== "") rows.push({ row: this.carryRow, text });
    this.carry = "";
    this.quotes = 0;
    this.carryRow = this.line;
  }
}

/**
 * One record's fields by RFC 4180 (quoted fields, doubled quotes, commas and line ends inside
 * quotes), or null when the row is not strictly well-formed: then csv-parse reads it and says
 * what is wrong. Most feed rows take this path, several times faster than the library.
 */
export function splitRecord(text: string): Cells | null {
  const cells: string[] = [];
  let i = 0;
  const n = text.length;
  for (;;) {
    if (text.charCodeAt(i) === 34) {
      // quoted field
      let value = "";
      let start = i + 1;
      for (;;) {
        const q = text.indexOf('"', start);
        if (q === -1) return null; // not closed
        if (text.charCodeAt(q + 1) === 34) {
          value += text.slice(start, q + 1);
          start = q + 2;
          continue;
        }
        value += text.slice(start, q);
        i = q + 1;
        break;
      }
      cells.push(value);
      if (i === n) return cells;
      if (text.charCodeAt(i) !== 44) return null; // something after the closing quote
      i++;
    } else {
      const comma = text.indexOf(",", i);
      const end = comma === -1 ? n : comma;
      const value = text.slice(i, end);
      if (value.includes('"')) return null; // a quote inside an unquoted field
      cells.push(value);
      if (comma === -1) return cells;
      i = comma + 1;
    }
  }
}

/** Splits rows into fields: the fast splitter, else csv-parse a batch at a time; a batch that fails is parsed row by row. */
function splitFields(rows: RawRow[]): (Cells | RowProblem)[] {
  if (rows.length === 0) return [];
  const fast: Cells[] = [];
  for (const r of rows) {
    const cells = splitRecord(r.text);
    if (!cells) break;
    fast.push(cells);
  }
  if (fast.length === rows.length) return fast;
  try {
    const cells = parseCsv(rows.map((r) => r.text).join("\n"), {
      relax_column_count: true,
    }) as Cells[];
    if (cells.length === rows.length) return cells;
  } catch {
    // a malformed row somewhere in the batch: find it below
  }
  return rows.map((r) => {
    try {
      const cells = parseCsv(r.text, { relax_column_count: true }) as Cells[];
      if (cells.length === 1) return cells[0] as Cells;
      return { row: r.row, reason: `the row does not read as one CSV record` };
    } catch (e) {
      return {
        row: r.row,
        reason: `malformed CSV: ${clip(
          String((e as Error).message)
            .replace(/\s+/g, " ")
            .replace(/ at line \d+/, ""),
          160,
        )}`,
      };
    }
  });
}

type Item = { event: Event } | RowProblem;

/** The whole pipeline, driven chunk by chunk: text in, events and row problems out, in file order. */
class ShadowserverReader {
  private readonly splitter: RowSplitter;
  private mapper: RowMapper | null = null;
  private started = false;
  rows = 0;
  events = 0;
  problems = 0;
  firstProblems: RowProblem[] = [];

  constructor(private readonly opts: ShadowserverOptions) {
    this.splitter = new RowSplitter(opts.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH);
  }

  get reportType(): string {
    return this.mapper?.report.name ?? "";
  }

  push(chunk: string): Item[] {
    let text = chunk;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const rows: RawRow[] = [];
    const problems: RowProblem[] = [];
    this.splitter.push(text, rows, problems);
    return this.process(rows, problems);
  }

  end(): Item[] {
    const rows: RawRow[] = [];
    const problems: RowProblem[] = [];
    this.splitter.end(rows, problems);
    const items = this.process(rows, problems);
    if (!this.mapper) throw new ShadowserverCsvError("the file is empty: no header row");
    return items;
  }

  private process(rows: RawRow[], splitProblems: RowProblem[]): Item[] {
    const items: Item[] = [];
    // rows the splitter dropped (over-long, unclosed quote): put them in file order
    const pending = splitProblems;
    const flushBefore = (row: number) => {
      while (pending.length > 0 && (pending[0] as RowProblem).row < row) {
        this.rows++;
        this.problem(items, pending.shift() as RowProblem);
      }
    };
    let batchStart = 0;
    if (!this.mapper) {
      const headerRow = rows[0];
      const early = pending[0];
      if (early && (!headerRow || early.row < headerRow.row)) {
        throw new ShadowserverCsvError(`the header row cannot be read: ${early.reason}`);
      }
      if (!headerRow) return items;
      const [cells] = splitFields([headerRow]);
      if (!Array.isArray(cells)) {
        throw new ShadowserverCsvError(
          `the header row cannot be read: ${(cells as RowProblem).reason}`,
        );
      }
      const header = cells.map((c) => c.trim().toLowerCase());
      this.mapper = new RowMapper(header, detectReport(header, this.opts), this.opts.receivedAt);
      batchStart = 1;
    }
    const mapper = this.mapper;
    for (let start = batchStart; start < rows.length; start += BATCH_ROWS) {
      const batch = rows.slice(start, start + BATCH_ROWS);
      const fields = splitFields(batch);
      for (let k = 0; k < batch.length; k++) {
        const r = batch[k] as RawRow;
        const cells = fields[k] as Cells | RowProblem;
        flushBefore(r.row);
        this.rows++;
        const out = Array.isArray(cells) ? mapper.map(cells, r.row, r.text) : cells;
        if ("reason" in out) this.problem(items, out);
        else {
          this.events++;
          items.push({ event: out });
        }
      }
    }
    flushBefore(Number.POSITIVE_INFINITY);
    return items;
  }

  private problem(items: Item[], p: RowProblem) {
    this.problems++;
    if (this.firstProblems.length < PROBLEMS_IN_SUMMARY) this.firstProblems.push(p);
    items.push(p);
  }

  /** Thrown at the end when there were rows and none of them could be read. */
  nothingRead(): ShadowserverCsvError | null {
    if (this.events > 0 || this.problems === 0) return null;
    return new ShadowserverCsvError(
      `no row could be read (${this.problems} skipped): ${listProblems(this.firstProblems)}`,
    );
  }
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;
const listProblems = (ps: RowProblem[]) => ps.map((p) => `row ${p.row}: ${p.reason}`).join("; ");

// ---------------------------------------------------------------------------------------
// The two entry points
// ---------------------------------------------------------------------------------------

/**
 * Events of a CSV report as they are read: the input is consumed chunk by chunk and only
 * the current batch of rows is held, so a file of any size streams in constant memory.
 * Skipped rows go to `opts.onProblem`; a file that cannot be read at all (unknown report
 * type, no header, no readable row) throws a ShadowserverCsvError. Returns a summary.
 */
export async function* shadowserverCsvEvents(
  stream: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  opts: ShadowserverOptions,
): AsyncGenerator<Event, ShadowserverSummary, undefined> {
  const reader = new ShadowserverReader(opts);
  const decoder = new TextDecoder("utf-8");
  const emit = function* (items: Item[]) {
    for (const item of items) {
      if ("event" in item) yield item.event;
      else opts.onProblem?.(item);
    }
  };
  for await (const chunk of stream) {
    const text =
      typeof chunk === "string"
        ? decoder.decode() + chunk
        : decoder.decode(chunk, { stream: true });
    yield* emit(reader.push(text));
  }
  yield* emit(reader.push(decoder.decode()));
  yield* emit(reader.end());
  const none = reader.nothingRead();
  if (none) throw none;
  return {
    reportType: reader.reportType,
    rows: reader.rows,
    events: reader.events,
    problems: reader.problems,
  };
}

/**
 * The whole file at once. Skipped rows are summed up in `meta.description` (the first
 * twenty with their row numbers); a file where no row could be read fails.
 */
export function parseShadowserverCsv(input: ParseInput & { maxLineLength?: number }): ParseResult {
  const reader = new ShadowserverReader({
    format: input.format,
    filename: input.filename,
    receivedAt: input.receivedAt,
    maxLineLength: input.maxLineLength,
  });
  const events: Event[] = [];
  try {
    const text = new TextDecoder("utf-8").decode(input.bytes);
    for (const item of [...reader.push(text), ...reader.end()])
      if ("event" in item) events.push(item.event);
    const none = reader.nothingRead();
    if (none) throw none;
  } catch (e) {
    if (e instanceof ShadowserverCsvError) return fail(SHADOWSERVER_PARSER, e.message);
    throw e;
  }
  const description =
    reader.problems === 0
      ? undefined
      : `${count(reader.events, "event")} from ${count(reader.rows, "row")} of "${reader.reportType}"; ` +
        `${count(reader.problems, "row")} skipped: ` +
        `${listProblems(reader.firstProblems)}${reader.problems > reader.firstProblems.length ? "; …" : ""}`;
  return {
    ok: true,
    parser: SHADOWSERVER_PARSER,
    events,
    evidence: [],
    meta: description ? { description } : {},
  };
}
