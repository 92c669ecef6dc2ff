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
 * over-long record, drops the rest of the input even with `skip_records_with_error`; a row
 * that is not strictly well-formed is then read on its own by csv-parse/sync, which says
 * what is wrong with it.
 */

export const SHADOWSERVER_PARSER = "shadowserver-csv";
export const DEFAULT_MAX_LINE_LENGTH = 100_000;
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

/** Two ASCII digits at `i` as a number, or -1. */
const twoDigits = (s: string, i: number) => {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
};

/**
 * parseTime for text[s, e) of a row, remembering the ISO text of each usual-shape timestamp
 * by day and second: a feed repeats its timestamps, and a cached string is neither sliced,
 * concatenated nor collected again for every row. Anything unusual goes to parseTime.
 */
class TimeReader {
  private readonly days = new Map<number, Map<number, string>>();

  read(src: string, s: number, e: number): string | null {
    if (
      e - s === 19 &&
      src.charCodeAt(s + 4) === 45 &&
      src.charCodeAt(s + 7) === 45 &&
      (src.charCodeAt(s + 10) === 32 || src.charCodeAt(s + 10) === 84) &&
      src.charCodeAt(s + 13) === 58 &&
      src.charCodeAt(s + 16) === 58
    ) {
      const y1 = twoDigits(src, s);
      const y2 = twoDigits(src, s + 2);
      const mo = twoDigits(src, s + 5);
      const d = twoDigits(src, s + 8);
      const h = twoDigits(src, s + 11);
      const mi = twoDigits(src, s + 14);
      const se = twoDigits(src, s + 17);
      if (
        y1 >= 0 &&
        y2 >= 0 &&
        mo >= 1 &&
        mo <= 12 &&
        d >= 1 &&
        d <= (DAYS[mo - 1] as number) &&
        !(mo === 2 && d === 29) &&
        h >= 0 &&
        h <= 23 &&
        mi >= 0 &&
        mi <= 59 &&
        se >= 0 &&
        se <= 59
      ) {
        const day = ((y1 * 100 + y2) * 100 + mo) * 100 + d;
        let seconds = this.days.get(day);
        if (seconds === undefined) {
          if (this.days.size >= 4) this.days.clear(); // a feed covers a day or two
          seconds = new Map();
          this.days.set(day, seconds);
        }
        const k = (h * 60 + mi) * 60 + se;
        let iso = seconds.get(k);
        if (iso === undefined) {
          iso = `${src.slice(s, s + 10)}T${src.slice(s + 11, e)}.000Z`;
          seconds.set(k, iso);
        }
        return iso;
      }
    }
    return parseTime(src.slice(s, e));
  }
}

/**
 * Field converters read a value where it lies in the row's text, text[s, e) (trimmed, not
 * empty), and give the field's value, or undefined when it does not fit the field (then the
 * column goes to `extra`). Numbers and country codes are read without cutting the value out.
 */
type Convert<T> = (src: string, s: number, e: number) => T | undefined;

/** The digits of text[from, e) as a number, or -1 when there are none, more than `most`, or another character. */
function digitsAt(src: string, from: number, e: number, most: number): number {
  const n = e - from;
  if (n < 1 || n > most) return -1;
  let v = 0;
  for (let i = from; i < e; i++) {
    const c = src.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** 1 to 5 digits, at most 65535. */
const toPort: Convert<number> = (src, s, e) => {
  const v = digitsAt(src, s, e, 5);
  return v >= 0 && v <= 65535 ? v : undefined;
};

/** 1 to 10 digits, "AS" in any case before them allowed, at most 4294967295. */
const toAsn: Convert<number> = (src, s, e) => {
  // c | 32 folds exactly "A"/"a" to 97 and "S"/"s" to 115
  const as = e - s > 2 && (src.charCodeAt(s) | 32) === 97 && (src.charCodeAt(s + 1) | 32) === 115;
  const v = digitsAt(src, as ? s + 2 : s, e, 10);
  return v >= 0 && v <= 4294967295 ? v : undefined;
};

const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const COUNTRY_CODES = new Map<number, string>();
/** Two ASCII letters, in upper case; one string per code, not one per row. */
const toCc: Convert<string> = (src, s, e) => {
  if (e - s !== 2) return undefined;
  const x = src.charCodeAt(s);
  const y = src.charCodeAt(s + 1);
  if (!isLetter(x) || !isLetter(y)) return undefined;
  const key = (x & ~32) * 128 + (y & ~32); // & ~32: a letter in upper case
  let cc = COUNTRY_CODES.get(key);
  if (cc === undefined) {
    cc = String.fromCharCode(x & ~32, y & ~32);
    COUNTRY_CODES.set(key, cc);
  }
  return cc;
};

/** A dotted quad without leading zeros, which is already canonical. */
function isCanonicalIpv4(src: string, s: number, e: number): boolean {
  let dots = 0;
  let i = s;
  for (;;) {
    const from = i;
    let v = 0;
    while (i < e) {
      const c = src.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      v = v * 10 + c;
      if (++i - from > 3) return false;
    }
    const n = i - from;
    if (n === 0 || (n > 1 && src.charCodeAt(from) === 48) || v > 255) return false;
    if (i === e) return dots === 3;
    if (src.charCodeAt(i) !== 46 || dots === 3) return false;
    dots++;
    i++;
  }
}

/**
 * normalizeIp with a fast path for the canonical dotted quad (ipaddr.js costs ~15 µs per
 * call, most of a row's time in a million-row file).
 */
const toIp: Convert<string> = (src, s, e) =>
  isCanonicalIpv4(src, s, e) ? src.slice(s, e) : (normalizeIp(src.slice(s, e)) ?? undefined);

const LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
const CANONICAL_FQDN = new RegExp(`^(?=.{1,253}$)(?:${LABEL}\\.)+[a-z0-9-]*[a-z][a-z0-9-]*$`);
/** normalizeFqdn with a fast path: a lower-case ASCII name with a non-numeric last label. */
const toFqdn: Convert<string> = (src, s, e) => {
  const v = src.slice(s, e);
  return CANONICAL_FQDN.test(v) ? v : (normalizeFqdn(v) ?? undefined);
};

const TRANSPORTS = /^(?:tcp|udp|icmp|sctp)$/i;
const toTransport: Convert<string> = (src, s, e) => {
  const v = src.slice(s, e);
  return TRANSPORTS.test(v) ? v.toLowerCase() : undefined;
};

const toLower: Convert<string> = (src, s, e) => src.slice(s, e).toLowerCase();

/** Host + path as a URL: "update-cdn.example" + "/gate.php" → "http://update-cdn.example/gate.php". */
function joinUrl(host: string | undefined, path: string | undefined): string | undefined {
  if (!path) return undefined;
  if (/^(?:https?|ftp):\/\//i.test(path)) return normalizeUrl(path)?.url;
  if (!host || !path.startsWith("/")) return undefined;
  const authority = host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
  return normalizeUrl(`http://${authority}${path}`)?.url;
}

/** What String.prototype.trim removes: white space and line terminators. */
const isSpace = (c: number) =>
  c === 32 ||
  (c >= 9 && c <= 13) ||
  (c >= 0xa0 &&
    (c === 0xa0 ||
      c === 0x1680 ||
      (c >= 0x2000 && c <= 0x200a) ||
      c === 0x2028 ||
      c === 0x2029 ||
      c === 0x202f ||
      c === 0x205f ||
      c === 0x3000 ||
      c === 0xfeff));

const isBlank = (src: string, s: number, e: number) => {
  for (let i = s; i < e; i++) if (!isSpace(src.charCodeAt(i))) return false;
  return true;
};

// ---------------------------------------------------------------------------------------
// Rows to events
// ---------------------------------------------------------------------------------------

type Cells = string[];

/** An event's fields in the order of the Event schema, the order its parse gives them. */
const EVENT_FIELDS = Object.keys(Event.shape) as (keyof Event)[];

/** What a scan row's tag (or the report name, without one) says, worked out once per tag. */
interface TagInfo {
  taxonomy: string;
  type: string;
  identifier: string | undefined;
  application: string | undefined;
}

/** A column that goes to `extra` when it is not used, and its last value (feeds repeat them). */
interface ExtraColumn {
  i: number;
  key: string;
  last: string;
}

/**
 * Maps the fields of one row to an event, by the header's column names. The row is a text
 * and the trimmed start and end of each field in it: a field is cut out only when its
 * value is kept. Column positions and per-tag results are worked out once per file.
 */
class RowMapper {
  readonly width: number;
  /** The trimmed bounds of each field of the row being mapped, in `src`. */
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** Why the last row gave no event. */
  reason = "";
  private readonly index = new Map<string, number>();
  private readonly extra: ExtraColumn[] = [];
  private readonly used: Uint8Array;
  private readonly observed: string;
  private readonly service: string;
  private readonly name: string;
  private readonly times = new TimeReader();
  private readonly tags = new Map<string, TagInfo>();
  private readonly untagged: TagInfo;
  private readonly ipColumn: string;
  private readonly at: Record<
    "timestamp" | "ip" | "port" | "asn" | "geo" | "hostname" | "protocol" | "tag",
    number
  >;
  /**
   * The Event schema is checked on the first event of a file: the mapping gives every row
   * the same shape, so checking each row would only cost time. Should the first one fail,
   * every row is checked as before.
   */
  private checked = false;
  private checkEvery = false;
  // the row being mapped (fields rather than arguments: this runs a million times a file)
  private src = "";
  private f: Record<string, unknown> = {};

  constructor(
    readonly header: string[],
    readonly report: { name: string; layout: Layout },
    receivedAt: Date,
  ) {
    header.forEach((name, i) => {
      if (name && !this.index.has(name)) this.index.set(name, i);
    });
    for (const [name, i] of this.index) {
      this.extra.push({
        i,
        key: name === "http_agent" || name === "agent" ? "user_agent" : name,
        last: "",
      });
    }
    this.width = header.length;
    // one field more than the header, to count a row with one too many without the careful path
    this.starts = new Int32Array(header.length + 1);
    this.ends = new Int32Array(header.length + 1);
    this.used = new Uint8Array(header.length);
    this.observed = receivedAt.toISOString();
    this.name = report.name;
    this.service = report.name.replace(/^scan6?_?/, "");
    this.untagged = this.tagInfo(undefined);
    this.ipColumn = report.layout === "sinkhole" ? "src_ip" : "ip";
    const at = (c: string) => this.index.get(c) ?? -1;
    this.at = {
      timestamp: at("timestamp"),
      ip: at(this.ipColumn),
      port: at("port"),
      asn: at("asn"),
      geo: at("geo"),
      hostname: at("hostname"),
      protocol: at("protocol"),
      tag: at("tag"),
    };
  }

  /** The trimmed value of field i, undefined when it is empty. */
  private value(i: number): string | undefined {
    if (i < 0) return undefined;
    const s = this.starts[i] as number;
    const e = this.ends[i] as number;
    return s === e ? undefined : this.src.slice(s, e);
  }

  /** The event of a row of `fields` fields, or null with `reason` set. */
  map(src: string, fields: number, raw: string): Event | null {
    if (fields !== this.width) {
      this.reason = `the row has ${fields} fields, the header has ${this.width}`;
      return null;
    }
    this.src = src;
    const starts = this.starts;
    const ends = this.ends;
    const used = this.used;
    used.fill(0);

    let time: string | undefined;
    const ts = this.at.timestamp;
    if (ts >= 0 && starts[ts] !== ends[ts]) {
      const iso = this.times.read(src, starts[ts] as number, ends[ts] as number);
      if (iso === null) {
        this.reason = `timestamp "${clip(this.value(ts) as string)}" is not "YYYY-MM-DD HH:MM:SS"`;
        return null;
      }
      time = iso;
      used[ts] = 1;
    }

    const ipAt = this.at.ip;
    if (ipAt < 0 || starts[ipAt] === ends[ipAt]) {
      this.reason = `"${this.ipColumn}" is empty`;
      return null;
    }
    const ip = this.convert(ipAt, toIp);
    if (ip === undefined) {
      this.reason = `"${this.ipColumn}" is not an IP address: "${clip(this.value(ipAt) as string)}"`;
      return null;
    }

    const e =
      this.report.layout === "scan"
        ? this.scan(time, ip)
        : this.infected(time, ip, this.report.layout);

    let extra: Record<string, string> | undefined;
    for (const c of this.extra) {
      const i = c.i;
      if (used[i] === 1) continue;
      const s = starts[i] as number;
      const end = ends[i] as number;
      if (s === end) continue;
      let v = c.last;
      if (v.length !== end - s || !src.startsWith(v, s)) {
        v = src.slice(s, end);
        c.last = v;
      }
      extra ??= {};
      extra[c.key] = v;
    }
    e.raw = raw;
    if (extra) e.extra = extra;

    if (!this.checked || this.checkEvery) {
      this.checked = true;
      const parsed = Event.safeParse(e);
      if (!parsed.success) {
        this.checkEvery = true;
        const issues = parsed.error.issues
          .map((i) => `${i.path.join(".")}: ${i.message}`)
          .join("; ");
        this.reason = `not a valid event: ${issues}`;
        return null;
      }
      if (this.checkEvery) return parsed.data;
    }
    // built field by field from the converters below; the schema check above vouches for it
    return e as Event;
  }

  private tagInfo(tag: string | undefined): TagInfo {
    const parts = (tag ?? this.service).split(/[;,]/).map(norm).filter(Boolean);
    const amplifier = parts.some((p) => AMPLIFIERS.has(p)) || AMPLIFIERS.has(norm(this.service));
    const c = classify(amplifier ? "ddos-amplifier" : "vulnerable-system");
    return {
      taxonomy: c["classification.taxonomy"],
      type: c["classification.type"],
      identifier: tag !== undefined ? tag.toLowerCase() : this.service || undefined,
      application: parts[0],
    };
  }

  /** The value of field i converted, undefined when it is empty or does not convert; a value marks the column used. */
  private convert<T>(i: number, to: Convert<T>): T | undefined {
    if (i < 0) return undefined;
    const s = this.starts[i] as number;
    const e = this.ends[i] as number;
    if (s === e) return undefined;
    const v = to(this.src, s, e);
    if (v !== undefined) this.used[i] = 1;
    return v;
  }

  /** A scan row, its fields set in schema order. */
  private scan(time: string | undefined, ip: string): Record<string, unknown> {
    const at = this.at;
    let t = this.untagged;
    const tag = this.value(at.tag);
    if (tag !== undefined) {
      let info = this.tags.get(tag);
      if (info === undefined) {
        if (this.tags.size >= 10_000) this.tags.clear();
        info = this.tagInfo(tag);
        this.tags.set(tag, info);
      }
      t = info;
      this.used[at.tag] = 1;
    }
    const port = this.convert(at.port, toPort);
    const fqdn = this.convert(at.hostname, toFqdn);
    const asn = this.convert(at.asn, toAsn);
    const cc = this.convert(at.geo, toCc);
    const transport = this.convert(at.protocol, toTransport);

    const e: Record<string, unknown> = { "feed.name": this.name, "feed.provider": "Shadowserver" };
    if (time !== undefined) e["time.source"] = time;
    e["time.observation"] = this.observed;
    e["classification.taxonomy"] = t.taxonomy;
    e["classification.type"] = t.type;
    if (t.identifier !== undefined) e["classification.identifier"] = t.identifier;
    e["source.ip"] = ip;
    if (port !== undefined) e["source.port"] = port;
    if (fqdn !== undefined) e["source.fqdn"] = fqdn;
    if (asn !== undefined) e["source.asn"] = asn;
    if (cc !== undefined) e["source.geolocation.cc"] = cc;
    if (t.application !== undefined) e["protocol.application"] = t.application;
    if (transport !== undefined) e["protocol.transport"] = transport;
    return e;
  }

  private use(name: string) {
    const i = this.index.get(name);
    if (i !== undefined) this.used[i] = 1;
  }

  private get(name: string): string | undefined {
    return this.value(this.index.get(name) ?? -1);
  }

  /** Sets `field` from `column` when the value converts; otherwise the value stays for `extra`. */
  private take<T>(field: string, column: string, to: Convert<T>): T | undefined {
    const i = this.index.get(column) ?? -1;
    if (i < 0) return undefined;
    const s = this.starts[i] as number;
    const e = this.ends[i] as number;
    if (s === e) return undefined;
    const c = to(this.src, s, e);
    if (c === undefined) return undefined;
    const f = this.f;
    if (f[field] === undefined) f[field] = c;
    // a second column for a field already set stays in extra unless it says the same
    if (f[field] === c) this.used[i] = 1;
    return c;
  }

  /** A sinkhole or drone row; less common than scans, so mapped by name, then put in schema order. */
  private infected(
    time: string | undefined,
    ip: string,
    layout: "sinkhole" | "drone",
  ): Record<string, unknown> {
    const f: Record<string, unknown> = {
      "feed.name": this.name,
      "feed.provider": "Shadowserver",
      "time.source": time,
      "time.observation": this.observed,
      "source.ip": ip,
      ...classify("infected-system"),
    };
    this.f = f;
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
        f["destination.url"] = url;
        this.use("http_url");
      }
      this.take("protocol.transport", "protocol", toTransport);
    } else {
      this.take("destination.ip", "cc", toIp);
      this.take("destination.fqdn", "cc", toFqdn);
      this.take("destination.fqdn", "cc_dns", toFqdn);
      this.take("destination.port", "cc_port", toPort);
      this.take("destination.asn", "cc_asn", toAsn);
      const host = (f["destination.fqdn"] ?? f["destination.ip"]) as string | undefined;
      const url = joinUrl(host, this.get("url"));
      if (url) {
        f["destination.url"] = url;
        this.use("url");
      }
      this.take("protocol.transport", "type", toTransport);
      this.take("protocol.transport", "protocol", toTransport);
    }
    this.take("protocol.application", "application", toLower);
    const malware = this.take("malware.name", "infection", toLower);
    const family = this.get("family")?.toLowerCase();
    if (malware === undefined && family !== undefined) {
      f["malware.name"] = family;
      this.use("family");
    } else if (family === malware) {
      this.use("family");
    }
    if (f["malware.name"] !== undefined) f["classification.identifier"] = f["malware.name"];
    const e: Record<string, unknown> = {};
    for (const k of EVENT_FIELDS) if (f[k] !== undefined) e[k] = f[k];
    return e;
  }
}

const clip = (s: string, n = 80) => (s.length > n ? `${s.slice(0, n)}…` : s);

// ---------------------------------------------------------------------------------------
// Splitting the text into rows and fields, in constant memory
// ---------------------------------------------------------------------------------------

const countQuotes = (s: string) => {
  let n = 0;
  for (let i = s.indexOf('"'); i !== -1; i = s.indexOf('"', i + 1)) n++;
  return n;
};

/**
 * One record's fields by RFC 4180 (quoted fields, doubled quotes, commas and line ends inside
 * quotes), or null when the row is not strictly well-formed: then csv-parse reads it and says
 * what is wrong.
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

/** One row's fields: splitRecord, else csv-parse, which says what is wrong with it. */
function readRecord(text: string): Cells | string {
  const fast = splitRecord(text);
  if (fast) return fast;
  try {
    const cells = parseCsv(text, { relax_column_count: true }) as Cells[];
    if (cells.length === 1) return cells[0] as Cells;
    return "the row does not read as one CSV record";
  } catch (e) {
    return `malformed CSV: ${clip(
      String((e as Error).message)
        .replace(/\s+/g, " ")
        .replace(/ at line \d+/, ""),
      160,
    )}`;
  }
}

/**
 * The whole pipeline, pulled event by event: text in, events out in file order, row
 * problems to `onProblem` as they are met. Nothing is held but the current chunk and a
 * record that spans chunks, so a file of any size streams in constant memory.
 *
 * Rows are cut at line ends outside quotes. A line that is a whole record, in the current
 * chunk, is split into fields where it lies (the fast path: most rows of a feed); a record
 * over several lines or chunks is gathered first, and one that is not strictly well-formed
 * goes to csv-parse (the careful path). A row longer than `maxLineLength` is dropped as it
 * streams (never buffered whole) and reported; reading resumes at the next line.
 */
class ShadowserverReader {
  private readonly max: number;
  private mapper: RowMapper | null = null;
  private started = false;
  // the current chunk, where reading is in it, and the next quote and comma from there
  private text = "";
  private pos = 1;
  private quoteAt = -1;
  private commaAt = -1;
  // a record being gathered over lines or chunks
  private carry = "";
  private carryRow = 1;
  private line = 1;
  private quotes = 0;
  private discarding = false;
  rows = 0;
  events = 0;
  problems = 0;
  firstProblems: RowProblem[] = [];

  constructor(
    private readonly opts: ShadowserverOptions,
    private readonly onProblem?: (problem: RowProblem) => void,
  ) {
    this.max = opts.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
  }

  get reportType(): string {
    return this.mapper?.report.name ?? "";
  }

  /** The next chunk of text; read it with next() until that returns null. */
  push(chunk: string): void {
    let text = chunk;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    this.text = text;
    this.pos = 0;
    this.quoteAt = -1;
    this.commaAt = -1;
  }

  /** The next event of the text pushed so far, or null when it is used up. */
  next(): Event | null {
    const text = this.text;
    for (;;) {
      const i = this.pos;
      if (i > text.length) return null;
      const nl = text.indexOf("\n", i);
      const mapper = this.mapper;
      if (
        nl !== -1 &&
        mapper !== null &&
        this.carry === "" &&
        !this.discarding &&
        nl - i <= this.max
      ) {
        // a whole line in this chunk, nothing gathered before it: the fast path
        const row = this.line++;
        this.carryRow = this.line;
        this.pos = nl + 1;
        const end = nl > i && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        if (isBlank(text, i, end)) continue;
        const fields = this.fields(text, i, end);
        if (fields >= 0) {
          this.rows++;
          const event = mapper.map(text, fields, text.slice(i, end));
          if (event !== null) {
            this.events++;
            return event;
          }
          this.problem({ row, reason: mapper.reason });
          continue;
        }
        const piece = text.slice(i, nl);
        const quotes = countQuotes(piece);
        if (quotes % 2 === 0) {
          const event = this.record(end === nl ? piece : piece.slice(0, -1), row);
          if (event !== null) return event;
          continue;
        }
        // a line end inside a quoted field: gather the record as below
        this.carry = `${piece}\n`;
        this.quotes = quotes;
        this.carryRow = row;
        continue;
      }
      const piece = text.slice(i, nl === -1 ? text.length : nl);
      if (!this.discarding) {
        if (this.carry.length + piece.length > this.max) {
          this.splitProblem({
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
      if (nl === -1) {
        this.pos = text.length + 1;
        return null;
      }
      this.pos = nl + 1;
      this.line++;
      if (this.discarding) {
        this.discarding = false;
        this.carryRow = this.line;
      } else if (this.quotes % 2 === 1) {
        this.carry += "\n"; // a line end inside a quoted field
      } else {
        const record = this.carry.endsWith("\r") ? this.carry.slice(0, -1) : this.carry;
        const row = this.carryRow;
        this.carry = "";
        this.quotes = 0;
        this.carryRow = this.line;
        if (record.trim() !== "") {
          const event = this.record(record, row);
          if (event !== null) return event;
        }
      }
    }
  }

  /** At the end of the input: the last record (a file need not end with a line end), if any. */
  end(): Event | null {
    let event: Event | null = null;
    if (!this.discarding) {
      if (this.quotes % 2 === 1) {
        const last = this.carry.endsWith("\n") ? this.line - 1 : this.line;
        const span =
          last > this.carryRow ? `rows ${this.carryRow}–${last}` : `row ${this.carryRow}`;
        this.splitProblem({
          row: this.carryRow,
          reason: `a quoted field is not closed before the end of the file (${span} skipped)`,
        });
      } else {
        const record = this.carry.endsWith("\r") ? this.carry.slice(0, -1) : this.carry;
        this.carry = "";
        if (record.trim() !== "") event = this.record(record, this.carryRow);
      }
    }
    if (!this.mapper) throw new ShadowserverCsvError("the file is empty: no header row");
    return event;
  }

  /** The next quote at or after p (the text's length when there is none); p only grows. */
  private quote(p: number): number {
    if (this.quoteAt < p) {
      const q = this.text.indexOf('"', p);
      this.quoteAt = q === -1 ? this.text.length : q;
    }
    return this.quoteAt;
  }

  /** The next comma at or after p, likewise. */
  private comma(p: number): number {
    if (this.commaAt < p) {
      const c = this.text.indexOf(",", p);
      this.commaAt = c === -1 ? this.text.length : c;
    }
    return this.commaAt;
  }

  /**
   * Splits the record text[from, to) into the mapper's field bounds, trimmed; returns the
   * number of fields, or -1 for the careful path: a quote that is not a field's own opening
   * or closing one (a doubled quote, a quote inside a field, a line end inside quotes), or
   * more fields than there is room for.
   */
  private fields(text: string, from: number, to: number): number {
    const mapper = this.mapper as RowMapper;
    const starts = mapper.starts;
    const ends = mapper.ends;
    const room = starts.length;
    let n = 0;
    let i = from;
    for (;;) {
      if (n === room) return -1;
      let s: number;
      let e: number;
      let last: boolean;
      if (i < to && text.charCodeAt(i) === 34) {
        const q = this.quote(i + 1);
        if (q >= to) return -1;
        s = i + 1;
        e = q;
        i = q + 1;
        last = i === to;
        if (!last) {
          if (text.charCodeAt(i) !== 44) return -1; // a doubled quote, or text after the closing one
          i++;
        }
      } else {
        const c = this.comma(i);
        e = Math.min(c, to);
        if (this.quote(i) < e) return -1;
        s = i;
        last = c >= to;
        i = e + 1;
      }
      while (s < e && isSpace(text.charCodeAt(s))) s++;
      while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
      starts[n] = s;
      ends[n] = e;
      n++;
      if (last) return n;
    }
  }

  /** A record that took the careful path, or the header. */
  private record(text: string, row: number): Event | null {
    const cells = readRecord(text);
    if (!this.mapper) {
      if (typeof cells === "string") {
        throw new ShadowserverCsvError(`the header row cannot be read: ${cells}`);
      }
      const header = cells.map((c) => c.trim().toLowerCase());
      this.mapper = new RowMapper(header, detectReport(header, this.opts), this.opts.receivedAt);
      return null;
    }
    this.rows++;
    if (typeof cells === "string") {
      this.problem({ row, reason: cells });
      return null;
    }
    const mapper = this.mapper;
    let event: Event | null;
    if (cells.length !== mapper.width) {
      event = mapper.map("", cells.length, text);
    } else {
      // the cells end to end, with their bounds, for the mapper
      let base = 0;
      cells.forEach((c, k) => {
        let s = 0;
        let e = c.length;
        while (s < e && isSpace(c.charCodeAt(s))) s++;
        while (e > s && isSpace(c.charCodeAt(e - 1))) e--;
        mapper.starts[k] = base + s;
        mapper.ends[k] = base + e;
        base += c.length;
      });
      event = mapper.map(cells.join(""), cells.length, text);
    }
    if (event === null) this.problem({ row, reason: mapper.reason });
    else this.events++;
    return event;
  }

  /** A row the splitter dropped; before the header, the file cannot be read. */
  private splitProblem(p: RowProblem) {
    if (!this.mapper) throw new ShadowserverCsvError(`the header row cannot be read: ${p.reason}`);
    this.rows++;
    this.problem(p);
  }

  private problem(p: RowProblem) {
    this.problems++;
    if (this.firstProblems.length < PROBLEMS_IN_SUMMARY) this.firstProblems.push(p);
    this.onProblem?.(p);
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

/** The length of `bytes` but for a UTF-8 character cut off at the end. */
function wholeLength(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let i = n - 1; i >= 0 && i > n - 4; i--) {
    const b = bytes[i] as number;
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: the lead is further back
    const needs = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return n - i < needs ? i : n;
  }
  return n;
}

/**
 * TextDecoder's `decode(chunk, { stream: true })`, but each call decodes whole characters
 * in one go: Node leaves its fast UTF-8 path for good once a decoder streams, and is then
 * several times slower on a large report. A character cut at the end of a chunk waits for
 * the next one; a byte order mark is dropped at the start of the stream only.
 */
class Utf8Chunks {
  private held: Uint8Array | null = null;
  private started = false;
  private readonly first = new TextDecoder("utf-8");
  private readonly rest = new TextDecoder("utf-8", { ignoreBOM: true });

  decode(chunk: Uint8Array): string {
    let bytes = chunk;
    if (this.held !== null) {
      bytes = new Uint8Array(this.held.length + chunk.length);
      bytes.set(this.held);
      bytes.set(chunk, this.held.length);
      this.held = null;
    }
    const whole = wholeLength(bytes);
    if (whole < bytes.length) {
      this.held = bytes.slice(whole);
      bytes = bytes.subarray(0, whole);
    }
    return this.text(bytes);
  }

  /** The end of a stream of bytes: a character left cut off is U+FFFD; what follows is a new stream. */
  flush(): string {
    const held = this.held;
    this.held = null;
    const text = held === null ? "" : this.text(held);
    this.started = false;
    return text;
  }

  private text(bytes: Uint8Array): string {
    if (bytes.length === 0) return "";
    const decoder = this.started ? this.rest : this.first;
    this.started = true;
    return decoder.decode(bytes);
  }
}

// ---------------------------------------------------------------------------------------
// The two entry points
// ---------------------------------------------------------------------------------------

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
  const reader = new ShadowserverReader(opts, opts.onProblem);
  const decoder = new Utf8Chunks();
  for await (const chunk of stream) {
    reader.push(typeof chunk === "string" ? decoder.flush() + chunk : decoder.decode(chunk));
    for (let e = reader.next(); e !== null; e = reader.next()) yield e;
  }
  reader.push(decoder.flush());
  for (let e = reader.next(); e !== null; e = reader.next()) yield e;
  const last = reader.end();
  if (last !== null) yield last;
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
    reader.push(new TextDecoder("utf-8").decode(input.bytes));
    for (let e = reader.next(); e !== null; e = reader.next()) events.push(e);
    const last = reader.end();
    if (last !== null) events.push(last);
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
