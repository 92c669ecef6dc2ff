import { createHash } from "node:crypto";
import { isIP } from "node:net";
import iconv from "iconv-lite";
import type { ClassificationType } from "../domain/taxonomy.ts";

/*
 * Abuse-report mails for the demo: complete RFC 5322 messages (CRLF line ends) in the formats
 * the SMTP intake reads — ARF (RFC 5965), X-ARF 0.2, XARF v4 JSON, fail2ban ban notices and
 * mails written by people in Japanese or English — plus a few that must end in quarantine.
 *
 * Everything is a pure function of its input: the same incident gives the same bytes, so a demo
 * run can be repeated and its reports deduplicated. Where a day of mail needs variety (wording,
 * defanging, which fields a reporter fills in), the choice is derived from the Message-ID.
 * Names and addresses are fictional: `.example` domains and documentation IP ranges only.
 */

/** One observed abuse incident, as a demo reporter would describe it. */
export interface DemoMailIncident {
  type: ClassificationType;
  /** When it was observed. */
  at: Date;
  /** Source/offending IP (IPv4 or IPv6). */
  ip?: string;
  /** Offending URL (phishing, malware). */
  url?: string;
  domain?: string;
  port?: number;
  reporter: { name: string; email: string; org?: string };
  /** The provider's abuse address, e.g. abuse@hoster.example. */
  to: string;
  /** Without angle brackets, e.g. "demo-17@cert.example". */
  messageId: string;
  /** The brand a phishing site imitates (its Japanese name for Japanese mails). */
  brand?: { name: string; name_ja?: string };
}

export type DemoCharset = "iso-2022-jp" | "shift_jis" | "utf-8";

/** How a person's mail is written: language, charset and (optionally) transfer encoding. */
export interface FreeTextOptions {
  language: "ja" | "en";
  charset: DemoCharset;
  /** Shift_JIS and UTF-8 only (ISO-2022-JP is always 7bit); chosen from the Message-ID when absent. */
  transferEncoding?: "base64" | "8bit";
}

// ---------------------------------------------------------------------------------------------
// Small helpers: determinism, dates, MIME pieces
// ---------------------------------------------------------------------------------------------

const CRLF = "\r\n";

/** FNV-1a: a stable small hash, so variants do not depend on Math.random or the run. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(text, "utf8")) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** A deterministic choice for this mail; `salt` keeps independent choices independent. */
function pick<T>(i: DemoMailIncident, salt: string, options: readonly T[]): T {
  const choice = options[fnv1a(`${i.messageId}/${salt}`) % options.length];
  if (choice === undefined) throw new Error(`no options for ${salt}`);
  return choice;
}

/** A deterministic number in [min, max] for this mail. */
const between = (i: DemoMailIncident, salt: string, min: number, max: number): number =>
  min + (fnv1a(`${i.messageId}/${salt}`) % (max - min + 1));

const sha256 = (data: string | Uint8Array) => createHash("sha256").update(data).digest("hex");

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** The wall clock `offsetMinutes` east of UTC, read through the UTC getters. */
const shifted = (d: Date, offsetMinutes: number) => new Date(d.getTime() + offsetMinutes * 60_000);

/** An RFC 5322 date-time: `Sat, 28 Nov 2026 09:15:02 +0900`. */
export function rfc5322Date(d: Date, offsetMinutes = 0): string {
  const t = shifted(d, offsetMinutes);
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  return (
    `${DAYS[t.getUTCDay()]}, ${t.getUTCDate()} ${MONTHS[t.getUTCMonth()]} ${t.getUTCFullYear()} ` +
    `${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())} ` +
    `${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`
  );
}

/** A syslog time stamp (`Nov  3 21:13:41`, no year, UTC) as sshd and postfix write it. */
function syslogTime(d: Date): string {
  const day = String(d.getUTCDate()).padStart(2, " ");
  return `${MONTHS[d.getUTCMonth()]} ${day} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

const JST = 9 * 60;

/** `2026年11月28日 10時15分` in Japan time, the way a Japanese reporter writes a time. */
function jaDateTime(d: Date): string {
  const t = shifted(d, JST);
  return `${t.getUTCFullYear()}年${t.getUTCMonth() + 1}月${t.getUTCDate()}日 ${t.getUTCHours()}時${pad(t.getUTCMinutes())}分`;
}

/** `2026-11-28 01:15 UTC`. */
function enDateTime(d: Date): string {
  return `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

const domainOf = (email: string) => email.slice(email.lastIndexOf("@") + 1).toLowerCase();
const isIpv6 = (ip: string) => ip.includes(":");

/** The host of a URL, or undefined when it is not one. */
function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).hostname.replace(/^\[|\]$/g, "");
  } catch {
    return undefined;
  }
}

/** Base64 in lines of 76 characters (RFC 2045). */
function base64Lines(data: Uint8Array): string {
  const b64 = Buffer.from(data).toString("base64");
  return (b64.match(/.{1,76}/g) ?? []).join(CRLF);
}

/** Text with CRLF line ends and no trailing blank lines. */
const crlfText = (text: string) => `${text.replace(/\r?\n/g, CRLF).replace(/(\r\n)+$/, "")}${CRLF}`;

/** A multipart boundary that cannot occur in the parts (they never contain "=_"). */
const boundaryOf = (i: DemoMailIncident, tag: string) =>
  `=_mogura-demo-${tag}-${fnv1a(`${i.messageId}/${tag}`).toString(16).padStart(8, "0")}`;

/** A quoted display name, or an RFC 2047 word when it is not ASCII. */
function mailbox(name: string | undefined, email: string, charset: DemoCharset = "utf-8"): string {
  if (!name) return email;
  if (/^[\x20-\x7e]*$/.test(name)) return `"${name.replace(/(["\\])/g, "\\$1")}" <${email}>`;
  return `${encodedWords(name, charset).join(" ")} <${email}>`;
}

interface HeaderSpec {
  from: string;
  to: string;
  subject: string;
  date: string;
  messageId: string;
  /** Further header lines (name: value), in order, before the MIME headers. */
  extra?: string[];
  /** The MIME headers of the message body (Content-Type etc.), without MIME-Version. */
  mime: string[];
}

function headerBlock(h: HeaderSpec): string {
  return [
    `From: ${h.from}`,
    `To: ${h.to}`,
    `Subject: ${h.subject}`,
    `Date: ${h.date}`,
    `Message-ID: <${h.messageId}>`,
    ...(h.extra ?? []),
    "MIME-Version: 1.0",
    ...h.mime,
  ].join(CRLF);
}

interface Part {
  headers: string[];
  /** The body as it goes on the wire (already transfer-encoded), CRLF line ends. */
  body: string;
}

/** A multipart body: each part after its delimiter, then the close delimiter. */
function multipartBody(boundary: string, parts: Part[], preamble?: string): string {
  const out: string[] = [];
  if (preamble) out.push(crlfText(preamble));
  for (const p of parts) {
    out.push(`--${boundary}${CRLF}${p.headers.join(CRLF)}${CRLF}${CRLF}${p.body}`);
  }
  out.push(`--${boundary}--${CRLF}`);
  return out.join(CRLF);
}

// Headers are ASCII by construction (mailbox and encodedWords see to it); a report part with
// non-ASCII text stays UTF-8, as its charset parameter says.
const mail = (headers: HeaderSpec, body: string) =>
  Buffer.from(`${headerBlock(headers)}${CRLF}${CRLF}${body}`, "utf8");

/** A plain text part in UTF-8; base64 when it is not ASCII. */
function textPart(text: string, extraHeaders: string[] = []): Part {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range test is deliberate
  if (/^[\x00-\x7f]*$/.test(text)) {
    return {
      headers: ["Content-Type: text/plain; charset=us-ascii", ...extraHeaders],
      body: crlfText(text),
    };
  }
  return {
    headers: [
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: base64",
      ...extraHeaders,
    ],
    body: `${base64Lines(Buffer.from(crlfText(text), "utf8"))}${CRLF}`,
  };
}

/** Requires at least one resource: a structured report about nothing cannot be built. */
function requireResource(i: DemoMailIncident, builder: string): void {
  if (!i.ip && !i.url && !i.domain)
    throw new Error(`${builder}: the incident needs an ip, url or domain (${i.messageId})`);
}

// ---------------------------------------------------------------------------------------------
// Charsets
// ---------------------------------------------------------------------------------------------

const HALFWIDTH_KANA = /[\uFF61-\uFF9F]+/g;

/**
 * ISO-2022-JP (RFC 1468) bytes for a text. iconv-lite 0.7 has no ISO-2022-JP codec, so this
 * goes through its EUC-JP: a two-byte EUC-JP character is a JIS X 0208 code with the high bit
 * set on both bytes, so minus 0x80 it is what goes between ESC $ B and ESC ( B. Half-width
 * katakana (JIS X 0201) are not allowed in ISO-2022-JP and become full-width first, as mail
 * programs do; anything outside ASCII and JIS X 0208 throws rather than turning into "?".
 */
export function encodeIso2022jp(text: string): Buffer {
  const out: number[] = [];
  let inJis = false;
  for (const ch of text.replace(HALFWIDTH_KANA, (m) => m.normalize("NFKC"))) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x80) {
      // ESC, SO and SI would be read as shift sequences by the decoder.
      if (cp === 0x1b || cp === 0x0e || cp === 0x0f)
        throw new Error(`ISO-2022-JP cannot carry control character U+${cp.toString(16)}`);
      if (inJis) out.push(0x1b, 0x28, 0x42);
      inJis = false;
      out.push(cp);
      continue;
    }
    const euc = iconv.encode(ch, "euc-jp");
    const [b1 = 0, b2 = 0] = euc;
    const row = b1 - 0xa0;
    // JIS X 0208 assigns rows 1–8 and 16–84; the rest of EUC-JP's table (NEC and IBM
    // extensions, JIS X 0212 after 0x8F, kana after 0x8E) is not ISO-2022-JP.
    const jis0208 =
      euc.length === 2 &&
      b2 >= 0xa1 &&
      b2 <= 0xfe &&
      ((row >= 1 && row <= 8) || (row >= 16 && row <= 84));
    if (!jis0208) throw new Error(`"${ch}" is not in JIS X 0208, so ISO-2022-JP cannot carry it`);
    if (!inJis) out.push(0x1b, 0x24, 0x42);
    inJis = true;
    out.push(b1 - 0x80, b2 - 0x80);
  }
  // A line, and the text, must end in ASCII (RFC 1468); CRLF above already switched back.
  if (inJis) out.push(0x1b, 0x28, 0x42);
  return Buffer.from(out);
}

/** The bytes of a text in a charset; throws when a character would be lost. */
export function encodeCharset(text: string, charset: DemoCharset): Buffer {
  if (charset === "utf-8") return Buffer.from(text, "utf8");
  if (charset === "iso-2022-jp") return encodeIso2022jp(text);
  const bytes = iconv.encode(text, "shift_jis");
  // iconv-lite writes "?" for what Shift_JIS lacks; a demo mail must not lose text silently.
  if (iconv.decode(bytes, "shift_jis") !== text)
    throw new Error(`the text has characters Shift_JIS cannot carry: ${text.slice(0, 40)}…`);
  return bytes;
}

const MIME_CHARSET: Record<DemoCharset, string> = {
  "iso-2022-jp": "ISO-2022-JP",
  shift_jis: "Shift_JIS",
  "utf-8": "UTF-8",
};

/** Raw bytes per encoded word: 40 base64 characters keep a folded header line under 78. */
const WORD_BYTES = 30;

/**
 * RFC 2047 B-encoded words for a text. Each word holds whole characters and, for
 * ISO-2022-JP, starts and ends in ASCII mode, so every word decodes on its own.
 */
export function encodedWords(text: string, charset: DemoCharset): string[] {
  const label = MIME_CHARSET[charset];
  const words: string[] = [];
  let chunk = "";
  for (const ch of text) {
    const next = chunk + ch;
    if (chunk && encodeCharset(next, charset).length > WORD_BYTES) {
      words.push(chunk);
      chunk = ch;
    } else {
      chunk = next;
    }
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?${label}?B?${encodeCharset(w, charset).toString("base64")}?=`);
}

/** A Subject (or other unstructured) header value: encoded words folded one per line. */
const encodedHeader = (text: string, charset: DemoCharset) =>
  encodedWords(text, charset).join(`${CRLF} `);

/** The imitated brand: the incident's, or one of a few fictional ones. */
function brandOf(i: DemoMailIncident, language: "ja" | "en"): string {
  if (i.brand) return language === "ja" ? (i.brand.name_ja ?? i.brand.name) : i.brand.name;
  const k = between(i, "brand", 0, 2);
  const names = language === "ja" ? JA_BRANDS : EN_BRANDS;
  return names[k] ?? "Example Bank";
}
const EN_BRANDS = ["Example Bank", "Sample Card Services", "Demo Credit Union"];
const JA_BRANDS = ["エグザンプル銀行", "サンプルカード", "デモ信用金庫"];

// ---------------------------------------------------------------------------------------------
// ARF (RFC 5965)
// ---------------------------------------------------------------------------------------------

/** Feedback-Type for an incident type: ARF only knows kinds of mail abuse. */
function feedbackType(type: ClassificationType): string {
  if (type === "spam") return "abuse";
  if (type === "phishing") return "fraud";
  if (type === "malware-distribution") return "virus";
  return "other";
}

/** The sender of the reported message: the incident's domain, the URL's host, or a made-up one. */
function spammerDomain(i: DemoMailIncident): string {
  const host = hostOf(i.url);
  return i.domain ?? (host && !isIP(host) ? host : "bulk-mailer.example");
}

/** The reported message itself: what landed in the reporter's user's mailbox. */
function reportedMessage(i: DemoMailIncident, rcpt: string, mta: string): string {
  const from = spammerDomain(i);
  const sent = new Date(i.at.getTime() - between(i, "sent", 2, 40) * 1000);
  const ipLiteral = i.ip ? (isIpv6(i.ip) ? `IPv6:${i.ip}` : i.ip) : "unknown";
  const [subject, sender, lines] =
    i.type === "phishing"
      ? pick(i, "arf-original", [
          [
            "Your account has been suspended",
            `security@${from}`,
            [
              "Dear customer,",
              "",
              "We noticed unusual sign-in activity and suspended your online banking account.",
              `Please confirm your identity within 24 hours: ${i.url ?? `https://${from}/verify`}`,
            ],
          ],
          [
            "Action required: payment information",
            `billing@${from}`,
            [
              "Your last payment could not be processed.",
              `Update your card details here: ${i.url ?? `https://${from}/billing`}`,
            ],
          ],
        ] as const)
      : i.type === "malware-distribution"
        ? ([
            "Invoice 2026-0412 overdue",
            `accounts@${from}`,
            [
              "Hello,",
              "",
              "please find the overdue invoice below and settle it this week.",
              `Download: ${i.url ?? `https://${from}/invoice.zip`}`,
            ],
          ] as const)
        : pick(i, "arf-original", [
            [
              "Earn money fast - limited offer",
              `news@${from}`,
              [
                "Work from home and earn up to 5,000 a week!",
                i.url ? `Sign up now: ${i.url}` : "Reply to this mail to sign up.",
              ],
            ],
            [
              "Cheap watches, 90% off",
              `sales@${from}`,
              [
                "Best replica watches, shipped worldwide.",
                i.url ? `Shop: ${i.url}` : "Reply to order.",
              ],
            ],
          ] as const);
  return crlfText(
    [
      `Received: from mail.${from} (mail.${from} [${ipLiteral}])`,
      `\tby ${mta} with ESMTP id ${fnv1a(i.messageId).toString(36).toUpperCase()}; ${rfc5322Date(i.at)}`,
      `From: <${sender}>`,
      `To: <${rcpt}>`,
      `Subject: ${subject}`,
      `Date: ${rfc5322Date(sent)}`,
      `Message-ID: <${fnv1a(`${i.messageId}/orig`).toString(16)}@${from}>`,
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=us-ascii",
      "",
      ...lines,
    ].join("\n"),
  );
}

/**
 * A feedback-loop complaint (RFC 5965 multipart/report; report-type=feedback-report) with the
 * reported message attached. Feedback-Type follows the incident: spam → abuse, phishing → fraud,
 * malware-distribution → virus, anything else → other. Source-IP is i.ip, Reported-URI i.url,
 * Reported-Domain i.domain (each when given).
 */
export function arfMail(i: DemoMailIncident): Buffer {
  requireResource(i, "arfMail");
  const reporterDomain = domainOf(i.reporter.email);
  const mta = `mx${between(i, "mx", 1, 4)}.${reporterDomain}`;
  const rcpt = `user${between(i, "rcpt", 100, 999)}@${reporterDomain}`;
  const boundary = boundaryOf(i, "arf");
  const fields = [
    `Feedback-Type: ${feedbackType(i.type)}`,
    `User-Agent: ${reporterDomain} FBL/1.4`,
    "Version: 1",
    `Original-Mail-From: <bounce@${spammerDomain(i)}>`,
    `Original-Rcpt-To: <${rcpt}>`,
    `Arrival-Date: ${rfc5322Date(i.at)}`,
    `Reporting-MTA: dns; ${mta}`,
    i.ip ? `Source-IP: ${i.ip}` : "",
    i.port !== undefined ? `Source-Port: ${i.port}` : "",
    `Authentication-Results: ${mta}; spf=pass smtp.mailfrom=${spammerDomain(i)}`,
    i.domain ? `Reported-Domain: ${i.domain}` : "",
    i.url ? `Reported-URI: ${i.url}` : "",
    "Incidents: 1",
  ].filter(Boolean);
  const human = [
    `This is an email abuse report for an email message received from IP ${i.ip ?? "(unknown)"}`,
    `on ${rfc5322Date(i.at)}.`,
    "",
    `One of our users marked it as ${i.type === "phishing" ? "fraud" : i.type === "malware-distribution" ? "carrying a virus" : "spam"}.`,
    "For more information about this format see RFC 5965.",
  ].join("\n");
  const body = multipartBody(boundary, [
    {
      headers: ['Content-Type: text/plain; charset="us-ascii"', "Content-Transfer-Encoding: 7bit"],
      body: crlfText(human),
    },
    { headers: ["Content-Type: message/feedback-report"], body: crlfText(fields.join("\n")) },
    {
      headers: ["Content-Type: message/rfc822", "Content-Disposition: inline"],
      body: reportedMessage(i, rcpt, mta),
    },
  ]);
  const subject = pick(i, "arf-subject", [
    `FW: abuse report for ${i.ip ?? i.domain ?? hostOf(i.url)}`,
    `Email Feedback Report for IP ${i.ip ?? "unknown"}`,
    "Complaint about message from your network",
  ]);
  return mail(
    {
      from: mailbox(i.reporter.name, i.reporter.email),
      to: i.to,
      subject,
      date: rfc5322Date(new Date(i.at.getTime() + between(i, "delay", 5, 90) * 1000)),
      messageId: i.messageId,
      mime: [
        `Content-Type: multipart/report; report-type=feedback-report;${CRLF}\tboundary="${boundary}"`,
      ],
    },
    body,
  );
}

// ---------------------------------------------------------------------------------------------
// X-ARF 0.2
// ---------------------------------------------------------------------------------------------

interface LegacyKind {
  category: string;
  reportType: string;
  service?: string;
  port?: number;
}

/** X-ARF Category and Report-Type for an incident type. */
function legacyKind(type: ClassificationType): LegacyKind {
  switch (type) {
    case "brute-force":
      return { category: "abuse", reportType: "login-attack", service: "ssh", port: 22 };
    case "scanner":
      return { category: "abuse", reportType: "portscan" };
    case "ddos":
      return { category: "abuse", reportType: "ddos" };
    case "spam":
      return { category: "abuse", reportType: "spam", service: "smtp", port: 25 };
    case "phishing":
      return { category: "fraud", reportType: "phishing" };
    case "malware-distribution":
      return { category: "malware", reportType: "malware" };
    case "c2-server":
      return { category: "malware", reportType: "cc" };
    case "copyright":
      return { category: "copyright", reportType: "copyright" };
    case "exploit":
      return { category: "abuse", reportType: "hack-attack" };
    case "infected-system":
      return { category: "malware", reportType: "botnet" };
    case "unauthorised-information-modification":
      return { category: "abuse", reportType: "defacement" };
    default:
      // The parser resolves RSIT names and their aliases as Report-Types too.
      return { category: "abuse", reportType: type };
  }
}

/** A YAML scalar that reads back as exactly this string (quoted only when plain would not). */
function yamlScalar(value: string): string {
  const plainSafe =
    value !== "" &&
    value === value.trim() &&
    !/^[-?:,[\]{}#&*!|>'"%@`]/.test(value) &&
    !/: |:$| #/.test(value);
  return plainSafe ? value : `'${value.replace(/'/g, "''")}'`;
}

/** What a legacy report's Source is: the URL for web content, else the IP, else the domain. */
function legacySource(i: DemoMailIncident): { source: string; sourceType: string } {
  const webContent = ["phishing", "malware-distribution", "copyright"].includes(i.type);
  if (i.url && (webContent || !i.ip)) return { source: i.url, sourceType: "uri" };
  if (i.ip) return { source: i.ip, sourceType: isIpv6(i.ip) ? "ipv6" : "ip-address" };
  if (i.domain) return { source: i.domain, sourceType: "domain" };
  return { source: i.url ?? "", sourceType: "uri" };
}

/** When the k-th attempt before i.at happened (k = 0 is the last): gaps add up, so logs stay in order. */
function attemptTime(i: DemoMailIncident, salt: string, k: number): Date {
  let seconds = 0;
  for (let j = 1; j <= k; j++) seconds += between(i, `${salt}${j}`, 2, 12);
  return new Date(i.at.getTime() - seconds * 1000);
}

/** Log lines of the kind the report describes, for the evidence part. */
function evidenceLog(i: DemoMailIncident, port: number | undefined): string[] {
  const src = i.ip ?? hostOf(i.url) ?? i.domain ?? "unknown";
  const n = between(i, "log-lines", 3, 6);
  const lines: string[] = [];
  for (let k = n - 1; k >= 0; k--) {
    const t = attemptTime(i, "gap", k);
    const srcPort = between(i, `sport${k}`, 32768, 60999);
    switch (i.type) {
      case "brute-force": {
        const user = pick(i, `user${k}`, ["root", "admin", "oracle", "test", "ubuntu", "git"]);
        lines.push(
          `${syslogTime(t)} gw sshd[${between(i, "pid", 1000, 29999)}]: Failed password for ${user === "root" ? "" : "invalid user "}${user} from ${src} port ${srcPort} ssh2`,
        );
        break;
      }
      case "scanner": {
        const dport = pick(i, `dport${k}`, [22, 23, 80, 443, 445, 1433, 3389, 5900, 8080]);
        lines.push(
          `${t.toISOString().slice(0, 19)}Z DROP IN=eth0 SRC=${src} PROTO=TCP SPT=${srcPort} DPT=${dport} SYN`,
        );
        break;
      }
      default:
        lines.push(
          `${t.toISOString().slice(0, 19)}Z ${src}${port ? ` port ${port}` : ""} ${i.type} observed`,
        );
    }
  }
  return lines;
}

/**
 * An X-ARF 0.2 report (X-XARF: PLAIN): multipart/mixed with a human part, the YAML report
 * (report.txt) and the log evidence. Source is the URL for phishing, malware and copyright
 * reports, otherwise the IP (IPv6 as Source-Type ipv6), otherwise the domain.
 */
export function xarfLegacyMail(i: DemoMailIncident): Buffer {
  requireResource(i, "xarfLegacyMail");
  const kind = legacyKind(i.type);
  const { source, sourceType } = legacySource(i);
  const port = i.port ?? kind.port;
  const reportId = `${Math.floor(i.at.getTime() / 1000)}-${fnv1a(i.messageId).toString(16)}@${domainOf(i.reporter.email)}`;
  const occurrences = between(i, "occurrences", 3, 120);
  const report = [
    "---",
    ["Reported-From", i.reporter.email],
    ["Category", kind.category],
    ["Report-Type", kind.reportType],
    kind.service ? ["Service", kind.service] : null,
    ["Version", "0.2"],
    ["User-Agent", `${domainOf(i.reporter.email)} X-ARF generator 1.3`],
    ["Date", rfc5322Date(i.at)],
    ["Source-Type", sourceType],
    ["Source", source],
    port !== undefined ? ["Port", String(port)] : null,
    ["Report-ID", reportId],
    ["Occurrences", String(occurrences)],
    ["TLP", "green"],
    ["Attachment", "text/plain"],
  ]
    .filter((l): l is string | [string, string] => l !== null)
    .map((l) => (typeof l === "string" ? l : `${l[0]}: ${yamlScalar(l[1])}`))
    .join("\n");
  const what = {
    "login-attack": `tried to log in to our ${kind.service ?? "SSH"} service ${occurrences} times`,
    portscan: `scanned our network (${occurrences} connection attempts)`,
  }[kind.reportType];
  const human = [
    "Dear abuse team,",
    "",
    `${sourceType === "uri" ? `the URL ${source}` : `the host ${source}`} ${what ?? `was reported for ${kind.reportType}`}.`,
    "The machine-readable report and the log lines are attached.",
    "This report was generated automatically; replies are read by people.",
    "",
    "--",
    i.reporter.org ?? i.reporter.name,
  ].join("\n");
  const log = evidenceLog(i, port);
  const boundary = boundaryOf(i, "xarf");
  const body = multipartBody(boundary, [
    textPart(human),
    {
      headers: ['Content-Type: text/plain; charset=utf-8; name="report.txt"'],
      body: crlfText(report),
    },
    {
      headers: [
        'Content-Type: text/plain; charset=us-ascii; name="logfile.log"',
        "Content-Transfer-Encoding: base64",
        'Content-Disposition: attachment; filename="logfile.log"',
      ],
      body: `${base64Lines(Buffer.from(crlfText(log.join("\n"))))}${CRLF}`,
    },
  ]);
  return mail(
    {
      from: mailbox(i.reporter.org ?? i.reporter.name, i.reporter.email),
      to: i.to,
      subject: `abuse report about ${source} - ${rfc5322Date(i.at)}`,
      date: rfc5322Date(new Date(i.at.getTime() + between(i, "delay", 1, 30) * 1000)),
      messageId: i.messageId,
      extra: ["Auto-Submitted: auto-generated", "X-XARF: PLAIN"],
      mime: [`Content-Type: multipart/mixed; boundary="${boundary}"`],
    },
    body,
  );
}

// ---------------------------------------------------------------------------------------------
// XARF v4
// ---------------------------------------------------------------------------------------------

/** XARF v4 category and type for an incident type (xarf.org's seven categories). */
function xarfKind(type: ClassificationType): { category: string; type: string } {
  const known: Partial<Record<ClassificationType, [string, string]>> = {
    phishing: ["content", "phishing"],
    "malware-distribution": ["content", "malware"],
    "unauthorised-information-modification": ["content", "defacement"],
    spam: ["messaging", "spam"],
    "brute-force": ["connection", "login_attack"],
    scanner: ["connection", "port_scan"],
    ddos: ["connection", "ddos"],
    "ddos-amplifier": ["connection", "ddos_amplification"],
    exploit: ["connection", "sql_injection"],
    "c2-server": ["infrastructure", "c2"],
    "infected-system": ["infrastructure", "botnet"],
    "system-compromise": ["infrastructure", "compromised_server"],
    copyright: ["copyright", "copyright"],
    "vulnerable-system": ["vulnerability", "cve"],
    blacklist: ["reputation", "blocklist"],
  };
  const [category, xtype] = known[type] ?? ["content", type.replace(/-/g, "_")];
  return { category, type: xtype };
}

/** A UUID-shaped (version 4 layout) report id derived from the Message-ID. */
function reportUuid(i: DemoMailIncident): string {
  const h = sha256(i.messageId);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function xarfEvidence(
  i: DemoMailIncident,
  kind: { type: string },
): { content_type: string; description: string; payload: string; hash: string }[] {
  const item = (contentType: string, description: string, text: string | Uint8Array) => {
    const data = typeof text === "string" ? Buffer.from(text, "utf8") : Buffer.from(text);
    return {
      content_type: contentType,
      description,
      payload: data.toString("base64"),
      hash: `sha256:${sha256(data)}`,
    };
  };
  switch (kind.type) {
    case "phishing": {
      const brand = brandOf(i, "en");
      return [
        item(
          "text/html",
          `page as fetched ${i.at.toISOString()}`,
          `<html><head><title>${brand} - Sign in</title></head><body><form method="post" action="post.php"><input name="user"><input name="pass" type="password"><input name="card"></form></body></html>`,
        ),
      ];
    }
    case "malware":
      // The first bytes of a PE file: enough to recognise a Windows executable.
      return [
        item(
          "application/octet-stream",
          "first bytes of the sample",
          Uint8Array.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff, 0, 0]),
        ),
      ];
    case "login_attack":
    case "port_scan":
      return [item("text/plain", "log lines", `${evidenceLog(i, i.port).join("\n")}\n`)];
    default:
      return [];
  }
}

/** The XARF v4 report object for an incident. */
function xarfReport(i: DemoMailIncident): Record<string, unknown> {
  const kind = xarfKind(i.type);
  const reporter = {
    org: i.reporter.org ?? i.reporter.name,
    contact: i.reporter.email,
    domain: domainOf(i.reporter.email),
    type: "automated",
  };
  const identifier = i.ip ?? i.domain;
  const byType: Record<string, Record<string, unknown>> = {
    phishing: {
      target_brand: brandOf(i, "en"),
      evidence_source: pick(i, "evidence-source", ["spamtrap", "user_report", "crawler"]),
    },
    malware: {
      malware_family: pick(i, "family", ["DemoLoader", "SampleStealer", "TestRAT"]),
      evidence_source: "sandbox",
    },
    login_attack: {
      protocol: "tcp",
      destination_port: 22,
      service: "ssh",
      attempts: between(i, "attempts", 20, 400),
      evidence_source: "honeypot",
    },
    port_scan: {
      protocol: "tcp",
      destination_ports: [22, 23, 445, 3389],
      evidence_source: "firewall",
    },
    ddos: {
      protocol: "udp",
      destination_port: 443,
      attack_vector: "udp_flood",
      peak_pps: between(i, "pps", 50, 900) * 1000,
      evidence_source: "flow_analysis",
    },
    spam: { protocol: "smtp", evidence_source: "spamtrap" },
    c2: { malware_family: pick(i, "family", ["DemoBot", "SampleNet"]), protocol: "tcp" },
  };
  return {
    xarf_version: "4.0.0",
    report_id: reportUuid(i),
    timestamp: i.at.toISOString(),
    reporter,
    sender: reporter,
    source_identifier: identifier,
    source_port: i.port,
    category: kind.category,
    type: kind.type,
    url: i.url,
    ...(byType[kind.type] ?? {}),
    description: `${kind.type.replace(/_/g, " ")} observed at ${i.at.toISOString()}`,
    evidence: xarfEvidence(i, kind),
    tlp: "green",
  };
}

/**
 * An XARF v4 report: a short text part and the JSON report attached as xarf.json (base64).
 * source_identifier is i.ip, else i.domain, else absent with the URL in `url`.
 */
export function xarfV4Mail(i: DemoMailIncident): Buffer {
  requireResource(i, "xarfV4Mail");
  const report = xarfReport(i);
  const json = `${JSON.stringify(report, null, 1)}\n`;
  const kind = xarfKind(i.type);
  const about = i.ip ?? i.domain ?? hostOf(i.url) ?? "";
  const boundary = boundaryOf(i, "xarf4");
  const body = multipartBody(boundary, [
    textPart(
      [
        `A ${kind.type.replace(/_/g, " ")} report about ${about}.`,
        "The machine-readable report (XARF v4, https://xarf.org) is attached as xarf.json.",
      ].join("\n"),
    ),
    {
      headers: [
        'Content-Type: application/json; name="xarf.json"',
        'Content-Disposition: attachment; filename="xarf.json"',
        "Content-Transfer-Encoding: base64",
      ],
      body: `${base64Lines(Buffer.from(json, "utf8"))}${CRLF}`,
    },
  ]);
  return mail(
    {
      from: mailbox(i.reporter.org ?? i.reporter.name, i.reporter.email),
      to: i.to,
      subject: `XARF report: ${kind.type.replace(/_/g, " ")} on ${about}`,
      date: rfc5322Date(new Date(i.at.getTime() + between(i, "delay", 30, 600) * 1000)),
      messageId: i.messageId,
      mime: [`Content-Type: multipart/mixed; boundary="${boundary}"`],
    },
    body,
  );
}

// ---------------------------------------------------------------------------------------------
// fail2ban
// ---------------------------------------------------------------------------------------------

/** The log line a jail's filter matched, for one failed attempt. */
function jailLogLine(jail: string, ip: string, t: Date, i: DemoMailIncident, k: number): string {
  const host = "gw01";
  const pid = between(i, `f2b-pid${Math.floor(k / 3)}`, 1000, 29999);
  const sport = i.port ?? between(i, `f2b-port${k}`, 32768, 60999);
  const j = jail.toLowerCase();
  if (j.startsWith("postfix"))
    return `${syslogTime(t)} ${host} postfix/smtpd[${pid}]: warning: unknown[${ip}]: SASL LOGIN authentication failed: UGFzc3dvcmQ6`;
  if (j.startsWith("dovecot")) {
    const user = pick(i, `f2b-user${k}`, ["info", "admin", "sales", "test"]);
    return `${syslogTime(t)} ${host} dovecot: imap-login: Disconnected (auth failed, 1 attempts in 2 secs): user=<${user}>, method=PLAIN, rip=${ip}, session=<${fnv1a(`${i.messageId}${k}`).toString(36)}>`;
  }
  if (j.startsWith("recidive")) {
    return `${t.toISOString().replace("T", " ").slice(0, 23).replace(".", ",")} fail2ban.actions [${pid}]: NOTICE [sshd] Ban ${ip}`;
  }
  if (j.startsWith("nginx") || j.startsWith("wordpress") || j.startsWith("apache")) {
    const d = t.toISOString();
    return `${d.slice(0, 10).replace(/-/g, "/")} ${d.slice(11, 19)} [error] ${pid}#0: *${k + 1} user "admin": password mismatch, client: ${ip}, server: www.${domainOf(i.reporter.email)}, request: "POST /wp-login.php HTTP/1.1"`;
  }
  const user = pick(i, `f2b-user${k}`, ["root", "admin", "oracle", "postgres", "ubuntu"]);
  return `${syslogTime(t)} ${host} sshd[${pid}]: Failed password for ${user === "root" ? "" : "invalid user "}${user} from ${ip} port ${sport} ssh2`;
}

/** What `whois` prints for the documentation ranges, as the mail-whois actions include it. */
function whoisOf(ip: string): string[] {
  const v4: [string, string, string][] = [
    ["192.0.2.", "192.0.2.0 - 192.0.2.255", "TEST-NET-1"],
    ["198.51.100.", "198.51.100.0 - 198.51.100.255", "TEST-NET-2"],
    ["203.0.113.", "203.0.113.0 - 203.0.113.255", "TEST-NET-3"],
  ];
  const hit = v4.find(([prefix]) => ip.startsWith(prefix));
  if (hit) {
    return [
      "% This is the whois server of an example registry.",
      `inetnum:        ${hit[1]}`,
      `netname:        ${hit[2]}`,
      "descr:          Documentation address block",
      "country:        ZZ",
    ];
  }
  if (/^2001:db8:/i.test(ip)) {
    return [
      "% This is the whois server of an example registry.",
      "inet6num:       2001:db8::/32",
      "netname:        IPV6-DOC",
      "descr:          Documentation address block",
      "country:        ZZ",
    ];
  }
  return [`% No whois information for ${ip}`];
}

/**
 * A fail2ban ban notice (sendmail-whois-lines style): `[Fail2Ban] <jail>: banned <ip> from
 * <host>`, the ban sentence, whois (sometimes) and the log lines with the failures. The Date is
 * i.at, the moment of the ban. Needs i.ip.
 */
export function fail2banMail(i: DemoMailIncident & { jail?: string; attempts?: number }): Buffer {
  if (!i.ip) throw new Error(`fail2banMail: a ban notice needs i.ip (${i.messageId})`);
  const jail = i.jail ?? "sshd";
  const attempts = i.attempts ?? between(i, "attempts", 3, 10);
  const bannedOn = domainOf(i.reporter.email);
  const lines: string[] = [];
  for (let k = 0; k < Math.min(attempts, 20); k++) {
    const t = attemptTime(i, "f2b-gap", Math.min(attempts, 20) - 1 - k);
    lines.push(jailLogLine(jail, i.ip, t, i, k));
  }
  const withWhois = pick(i, "f2b-whois", [true, true, false]);
  const body = [
    "Hi,",
    "",
    `The IP ${i.ip} has just been banned by Fail2Ban after`,
    `${attempts} attempts against ${jail}.`,
    "",
    "",
    ...(withWhois ? [`Here is more information about ${i.ip} :`, "", ...whoisOf(i.ip), ""] : []),
    `Lines containing failures of ${i.ip} (max 1000)`,
    ...lines,
    "",
    "Regards,",
    "",
    "Fail2Ban",
  ].join("\n");
  return mail(
    {
      from: mailbox(i.reporter.name || "Fail2Ban", i.reporter.email),
      to: i.to,
      subject: `[Fail2Ban] ${jail}: banned ${i.ip} from ${bannedOn}`,
      date: rfc5322Date(i.at),
      messageId: i.messageId,
      extra: [`Return-Path: <${i.reporter.email}>`],
      mime: ["Content-Type: text/plain; charset=us-ascii", "Content-Transfer-Encoding: 7bit"],
    },
    crlfText(body),
  );
}

// ---------------------------------------------------------------------------------------------
// Mails written by people
// ---------------------------------------------------------------------------------------------

/** Defanging as people do it; the free-text parser reads all of these back. */
type Defang = "none" | "hxxp" | "brackets" | "hxxp-colon";

function defangUrl(url: string, how: Defang): string {
  if (how === "none") return url;
  const m = /^([a-z]+):\/\/([^/?#]*)(.*)$/i.exec(url);
  if (!m) return url;
  const [, scheme = "", host = "", rest = ""] = m;
  // An IPv6 literal has no dots to bracket, and "[" inside it would confuse readers.
  const dottedHost = host.startsWith("[") ? host : host.replace(/\./g, "[.]");
  const s = how === "brackets" ? scheme : scheme.replace(/^http/i, "hxxp");
  return `${s}${how === "hxxp-colon" ? "[:]//" : "://"}${dottedHost}${rest}`;
}

const defangIp = (ip: string) => (isIpv6(ip) ? ip : ip.replace(/\./g, "[.]"));

/** What a person's mail mentions, already written the way this reporter writes it. */
interface Mention {
  url?: string;
  ip?: string;
  port?: number;
  domain?: string;
  when: string;
  defanged: boolean;
  brand: string;
}

function mentionOf(i: DemoMailIncident, language: "ja" | "en"): Mention {
  const webContent = [
    "phishing",
    "malware-distribution",
    "unauthorised-information-modification",
  ].includes(i.type);
  const how: Defang = webContent
    ? pick(i, "defang", [
        "none",
        "hxxp",
        "brackets",
        "hxxp",
        language === "en" ? "hxxp-colon" : "none",
      ])
    : "none";
  const ipDefanged = how !== "none" && i.ip !== undefined && pick(i, "defang-ip", [true, false]);
  return {
    url: i.url ? defangUrl(i.url, how) : undefined,
    ip: i.ip ? (ipDefanged ? defangIp(i.ip) : i.ip) : undefined,
    port: i.port,
    domain: i.domain,
    when: language === "ja" ? jaDateTime(i.at) : enDateTime(i.at),
    defanged: how !== "none",
    brand: brandOf(i, language),
  };
}

interface Wording {
  subject: string;
  /** The paragraphs about what happened, before the list of resources. */
  story: string[];
  /** Lines after the list: logs, the request. */
  after?: string[];
}

/** A few sshd lines a person pastes from their server's log. */
function pastedSshLog(i: DemoMailIncident): string[] {
  if (!i.ip) return [];
  return evidenceLog({ ...i, type: "brute-force" }, 22).slice(0, 3);
}

function jaWording(i: DemoMailIncident, m: Mention): Wording {
  const host = hostOf(i.url) ?? i.domain;
  const target = i.ip ?? host ?? "";
  switch (i.type) {
    case "phishing":
      return pick(i, "ja-story", [
        {
          subject: `【至急】フィッシングサイトの報告（${m.brand}）`,
          story: [
            `貴社のネットワーク上で、${m.brand}を装ったフィッシングサイトが稼働しているようです。`,
            `${m.brand}からの通知を装ったメールが届き、リンク先を確認したところ、ログインIDとパスワード、クレジットカード番号の入力を求める偽のログイン画面が表示されました。`,
          ],
          after: ["被害が広がる前に、サイトの停止をご検討いただけますでしょうか。"],
        },
        {
          subject: "フィッシングサイトの停止のお願い",
          story: [
            `${m.brand}のログインページになりすましたサイトを見つけましたので、ご連絡いたします。`,
            "SMSで届いたリンクから誘導されるもので、本物そっくりの画面で暗証番号の入力を求められます。家族が危うく入力するところでした。",
          ],
          after: ["至急、停止のご対応をお願いいたします。"],
        },
        {
          subject: `${m.brand}を名乗る偽サイトについて`,
          story: [
            `${m.brand}を名乗るメールのリンクから、偽サイトに誘導されました。`,
            "URLが公式のものと違うため調べたところ、貴社のサーバで運用されているようでしたのでご報告します。",
          ],
          after: ["ご確認のうえ、しかるべき対応をお願いできれば幸いです。"],
        },
      ]);
    case "spam":
      return pick(i, "ja-story", [
        {
          subject: "貴社サーバからの迷惑メールについて",
          story: [
            "貴社のサーバから迷惑メールが大量に送られてきています。",
            "昨日から同じ内容の広告メールが1時間に何十通も届いており、業務に支障が出ております。",
          ],
          after: ["送信元の利用者への注意喚起、または送信の停止をお願いできますでしょうか。"],
        },
        {
          subject: `迷惑メールの送信元（${target}）のご確認のお願い`,
          story: [
            "貴社のIPアドレスから送信されたと思われる迷惑メールについてご報告します。",
            "受信拒否をしても、差出人を変えて毎日届き続けています。",
          ],
          after: ["ヘッダ情報が必要でしたらお送りしますので、お申し付けください。"],
        },
      ]);
    case "brute-force":
      return pick(i, "ja-story", [
        {
          subject: `貴社IPアドレス（${target}）からの不正アクセスについて`,
          story: [
            "弊社で運用しているサーバに対して、貴社のIPアドレスから不正アクセスの試みが続いております。",
            "SSHへのログイン試行が短時間に繰り返されており、総当たり攻撃と思われます。",
          ],
          after: [
            "ログの一部を以下に記載します。",
            "",
            ...pastedSshLog(i),
            "",
            "調査と対処をお願いいたします。",
          ],
        },
        {
          subject: "総当たり攻撃の通報",
          story: [
            "当方のサーバのログに、貴社管理下と思われるアドレスからの総当たり攻撃（ブルートフォース）が記録されていました。",
            "rootやadminなど、よくあるユーザー名で繰り返しログインを試みています。",
          ],
          after: ["利用者のサーバが乗っ取られている可能性もあるかと思いますので、ご確認ください。"],
        },
      ]);
    case "scanner":
      return pick(i, "ja-story", [
        {
          subject: "ポートスキャンの通報",
          story: [
            "貴社のIPアドレスから、弊社のネットワーク全体に対するポートスキャンを検知しました。",
          ],
          after: ["22番、23番、3389番などのポートに対して接続が繰り返されています。"],
        },
        {
          subject: `${target} からのスキャン行為について`,
          story: [
            "弊社のファイアウォールで、貴社のアドレスからのスキャン行為を継続的に検知しております。",
          ],
          after: [
            "送信元の機器が第三者に悪用されていないか、利用者の方にご確認いただけますと助かります。",
          ],
        },
      ]);
    case "malware-distribution":
      return pick(i, "ja-story", [
        {
          subject: "マルウェア配布サイトの報告",
          story: [
            "貴社でホスティングされているサイトから、マルウェアが配布されているようです。",
            "請求書のファイル名で実行ファイルがダウンロードされ、ウイルス対策ソフトが検知しました。",
          ],
          after: ["ファイルのハッシュ値が必要でしたらお知らせください。"],
        },
        {
          subject: "ウイルスが配布されているURLについて",
          story: [
            "下記のURLからダウンロードされるファイルが、ウイルス対策ソフトでマルウェアとして検知されました。",
          ],
          after: ["至急、ご確認をお願いいたします。"],
        },
      ]);
    case "c2-server":
      return {
        subject: "C2サーバと思われる通信先について",
        story: [
          "貴社のIPアドレスが、ボットネットのC2サーバとして使われている可能性があります。",
          "社内の端末から、このアドレスへの定期的な通信が確認されました。",
        ],
        after: ["ご確認のほど、お願いいたします。"],
      };
    case "ddos":
      return {
        subject: "DDoS攻撃についてのご連絡",
        story: [
          "貴社のIPアドレスから、弊社のWebサーバに対するDDoS攻撃を受けています。",
          `${m.when}ごろから毎秒数万件のリクエストが届き、サービスに支障が出ております。`,
        ],
        after: ["通信の遮断など、ご対応いただけますでしょうか。"],
      };
    case "copyright":
      return {
        subject: "著作権侵害コンテンツの削除依頼",
        story: [
          "弊社が著作権を有する写真が、下記のサイトに無断で転載されています。",
          "掲載を許諾した事実はございません。",
        ],
        after: [
          "当該ページの削除をお願いいたします。権利を証明する資料は必要に応じてお送りします。",
        ],
      };
    case "unauthorised-information-modification":
      return pick(i, "ja-story", [
        {
          subject: "Webサイト改ざんのご連絡",
          story: [
            "貴社でホスティングされている下記のWebサイトが改ざんされているようです。",
            "トップページが見知らぬ画像とメッセージに書き換えられています。",
          ],
          after: ["サイトの運営者の方にお伝えいただけますと幸いです。"],
        },
        {
          subject: "改ざんされたサイトについて",
          story: [
            "下記のサイトを閲覧したところ、ページが改ざんされ、不審なスクリプトが埋め込まれていました。",
          ],
          after: ["閲覧者に被害が出る前に、ご対応をお願いいたします。"],
        },
      ]);
    default:
      return {
        subject: "不審な通信についてのご連絡",
        story: ["貴社のネットワークから不審な通信を確認しましたので、ご連絡いたします。"],
        after: ["ご確認のほど、お願いいたします。"],
      };
  }
}

function enWording(i: DemoMailIncident, m: Mention): Wording {
  const host = hostOf(i.url) ?? i.domain;
  const target = i.ip ?? host ?? "";
  switch (i.type) {
    case "phishing":
      return pick(i, "en-story", [
        {
          subject: `Phishing site imitating ${m.brand} on your network`,
          story: [
            `A phishing page imitating the ${m.brand} login is hosted on your network.`,
            "It asks for the online banking password and the card number, and it was linked from a mail that pretended to come from the bank.",
          ],
          after: ["Please take it down as soon as possible."],
        },
        {
          subject: "Phishing report",
          story: [
            `I received a text message with a link to a fake ${m.brand} sign-in page. The page looks like the real one and asks for a one-time code.`,
          ],
          after: ["Could you please have a look and remove it?"],
        },
      ]);
    case "spam":
      return pick(i, "en-story", [
        {
          subject: `Spam from ${target}`,
          story: [
            "Your server keeps sending us spam. We get dozens of the same advertisement every hour since yesterday.",
          ],
          after: ["Full headers are available on request."],
        },
        {
          subject: "Unsolicited bulk mail from your network",
          story: [
            "We are receiving spam from one of your customers.",
            "Unsubscribing does not help.",
          ],
          after: ["Please make them stop."],
        },
      ]);
    case "brute-force":
      return pick(i, "en-story", [
        {
          subject: `SSH brute-force attack from ${target}`,
          story: [
            "One of your addresses is running a brute-force attack against our SSH servers. It has tried hundreds of user names in the last hour.",
          ],
          after: ["An excerpt of our log:", "", ...pastedSshLog(i), "", "Please investigate."],
        },
        {
          subject: "Brute force login attempts",
          story: [
            "Our servers are seeing brute forcing of the mail login from the address below. The machine may be compromised.",
          ],
          after: ["We would appreciate it if you could contact your customer."],
        },
      ]);
    case "scanner":
      return {
        subject: `Port scans from ${target}`,
        story: ["The address below scans our whole network, ports 22, 23 and 3389 among others."],
        after: ["Please ask your customer to stop."],
      };
    case "malware-distribution":
      return {
        subject: "Malware hosted on your network",
        story: [
          "The URL below serves a Windows executable that our antivirus flags as malware. It is linked from fake invoice mails.",
        ],
        after: ["Please remove the file."],
      };
    case "c2-server":
      return {
        subject: "Botnet command-and-control server",
        story: [
          "The host below acts as a botnet command-and-control (C2) server. Infected machines in our network connect to it every few minutes.",
        ],
        after: ["Please shut it down."],
      };
    case "ddos":
      return {
        subject: "DDoS attack from your network",
        story: [
          `Since ${m.when} our web servers have been hit by a DDoS attack, and a large share of the traffic comes from the address below.`,
        ],
        after: ["Please filter it or contact your customer."],
      };
    case "copyright":
      return {
        subject: "Copyright infringement notice",
        story: [
          "The page below publishes our photographs without permission. We hold the copyright and have not licensed them to this site.",
        ],
        after: ["Please remove the page. We can send proof of ownership if needed."],
      };
    case "unauthorised-information-modification":
      return {
        subject: "Defaced website on your server",
        story: [
          "The website below has been defaced: its front page now shows a message from the attackers.",
        ],
        after: ["Please let the site owner know."],
      };
    default:
      return {
        subject: "Suspicious traffic from your network",
        story: ["We noticed suspicious traffic from the address below."],
        after: ["Please have a look."],
      };
  }
}

/** The list of what the report is about, in one of the two layouts people use. */
function resourceLines(m: Mention, i: DemoMailIncident, language: "ja" | "en"): string[] {
  const bulleted = pick(i, `${language}-layout`, [false, true]);
  const items: [string, string][] = [];
  const ja = language === "ja";
  if (m.url) items.push([ja ? "対象URL" : "URL", m.url]);
  if (m.ip) items.push([ja ? "IPアドレス" : "IP address", m.ip]);
  if (m.port !== undefined)
    items.push([ja ? "ポート" : "Port", ja ? `${m.port}番` : String(m.port)]);
  // The free-text parser takes an address as the spam's source only when it is called the
  // sender ("送信元", "Sender") on its line.
  if (m.domain && i.type === "spam")
    items.push([ja ? "送信元アドレス" : "Sender", `info@${m.domain}`]);
  else if (m.domain && !m.url) items.push([ja ? "ドメイン" : "Domain", m.domain]);
  items.push(ja ? ["確認日時", `${m.when}（日本時間）`] : ["Seen at", m.when]);
  if (!ja) return items.map(([k, v]) => `${bulleted ? "- " : ""}${k}: ${v}`);
  if (bulleted) return items.map(([k, v]) => `・${k}: ${v}`);
  // A full-width colon right before an IPv6 address hides it from the free-text parser (its
  // look-behind refuses a colon there), so a space follows the colon for IPv6.
  return items.map(([k, v]) => `${k}：${isIpv6(v) && !v.includes("/") ? " " : ""}${v}`);
}

/**
 * The subject and body (LF line ends, not yet encoded) of a person's report: the wording is
 * chosen from the Message-ID among a few variants per type and language, URLs are sometimes
 * defanged, and the reporter signs with name, organisation and address.
 */
export function freeTextContent(
  i: DemoMailIncident,
  language: "ja" | "en",
): { subject: string; body: string } {
  const m = mentionOf(i, language);
  const w = language === "ja" ? jaWording(i, m) : enWording(i, m);
  const sig = [
    "--",
    ...(i.reporter.org ? [i.reporter.org] : []),
    `${i.reporter.name} <${i.reporter.email}>`,
  ];
  if (language === "ja") {
    const greeting = pick(i, "ja-greeting", [
      "ご担当者様",
      "アビューズ窓口 ご担当者様",
      "ネットワーク管理ご担当者様",
    ]);
    const intro = i.reporter.org
      ? `お世話になっております。${i.reporter.org}の${i.reporter.name}と申します。`
      : pick(i, "ja-intro", [
          `突然のご連絡失礼いたします。${i.reporter.name}と申します。`,
          `はじめてご連絡いたします。${i.reporter.name}です。`,
        ]);
    const body = [
      greeting,
      "",
      intro,
      ...w.story,
      ...(m.defanged ? ["※誤ってアクセスしないよう、URLは一部無害化して記載しています。"] : []),
      "",
      ...resourceLines(m, i, "ja"),
      "",
      ...(w.after ?? []),
      "",
      pick(i, "ja-closing", ["よろしくお願いいたします。", "何卒よろしくお願い申し上げます。"]),
      ...sig,
    ];
    return { subject: w.subject, body: `${body.join("\n")}\n` };
  }
  const body = [
    pick(i, "en-greeting", ["Hello,", "Dear abuse team,", "Hi,"]),
    "",
    ...w.story,
    ...(m.defanged ? ["(Links are defanged so nobody clicks them by accident.)"] : []),
    "",
    ...resourceLines(m, i, "en"),
    "",
    ...(w.after ?? []),
    "",
    pick(i, "en-closing", ["Best regards,", "Thanks,", "Kind regards,"]),
    ...sig,
  ];
  return { subject: w.subject, body: `${body.join("\n")}\n` };
}

/**
 * A report written by a person, in Japanese or English: text/plain in the given charset
 * (ISO-2022-JP as 7bit; Shift_JIS and UTF-8 as base64 or 8bit), the Subject and a non-ASCII
 * From name as RFC 2047 words in the same charset.
 */
export function freeTextMail(i: DemoMailIncident, opts: FreeTextOptions): Buffer {
  const { subject, body } = freeTextContent(i, opts.language);
  const label = MIME_CHARSET[opts.charset];
  const bytes = encodeCharset(body.replace(/\n/g, CRLF), opts.charset);
  const cte =
    opts.charset === "iso-2022-jp"
      ? "7bit"
      : (opts.transferEncoding ?? pick(i, "cte", ["base64", "8bit"] as const));
  const encoded = cte === "base64" ? Buffer.from(`${base64Lines(bytes)}${CRLF}`, "latin1") : bytes;
  const head = headerBlock({
    from: mailbox(i.reporter.name, i.reporter.email, opts.charset),
    to: i.to,
    subject: encodedHeader(subject, opts.charset),
    // A person writes a while after noticing; Japanese reporters' clocks are in JST.
    date: rfc5322Date(
      new Date(i.at.getTime() + between(i, "delay", 5, 180) * 60_000),
      opts.language === "ja" ? JST : 0,
    ),
    messageId: i.messageId,
    mime: [`Content-Type: text/plain; charset=${label}`, `Content-Transfer-Encoding: ${cte}`],
  });
  return Buffer.concat([Buffer.from(`${head}${CRLF}${CRLF}`, "latin1"), encoded]);
}

// ---------------------------------------------------------------------------------------------
// Mails that must end in quarantine
// ---------------------------------------------------------------------------------------------

/**
 * Inputs the intake cannot turn into events, each for a different reason: an XARF v4 mail
 * whose xarf.json is cut off, an ARF report without its message/feedback-report part, an
 * X-ARF 0.2 report without a Source, and a person's follow-up that names no resource.
 */
export function brokenMails(to: string, at: Date): { name: string; bytes: Buffer }[] {
  const stamp = Math.floor(at.getTime() / 1000);
  const date = rfc5322Date(at);
  const id = (name: string, domain: string) => `broken-${name}-${stamp}@${domain}`;

  const xarfJson = `{"xarf_version": "4.0.0", "report_id": "${stamp}", "category": "content", "type": "phishing", "source_identifier": "192.0.2.81",${CRLF}`;
  const xarf = mail(
    {
      from: '"Example CERT" <abuse@cert.example>',
      to,
      subject: "XARF report: phishing on 192.0.2.81",
      date,
      messageId: id("xarf-json", "cert.example"),
      mime: ['Content-Type: multipart/mixed; boundary="=_xarf-cut"'],
    },
    multipartBody("=_xarf-cut", [
      textPart("A phishing page is hosted on 192.0.2.81. The report is attached."),
      {
        headers: [
          'Content-Type: application/json; name="xarf.json"',
          'Content-Disposition: attachment; filename="xarf.json"',
        ],
        body: xarfJson,
      },
    ]),
  );

  const arf = mail(
    {
      from: '"Mailbox FBL" <fbl@mailbox.example>',
      to,
      subject: "Email Feedback Report",
      date,
      messageId: id("arf", "mailbox.example"),
      mime: [
        'Content-Type: multipart/report; report-type=feedback-report; boundary="=_arf-noreport"',
      ],
    },
    multipartBody("=_arf-noreport", [
      textPart("This is an email abuse report for a message received from your network."),
      {
        headers: ["Content-Type: text/rfc822-headers"],
        body: crlfText(
          [
            "From: <news@bulk-mailer.example>",
            "To: <user412@mailbox.example>",
            "Subject: Earn money fast",
            `Date: ${date}`,
          ].join("\n"),
        ),
      },
    ]),
  );

  const legacy = mail(
    {
      from: '"Example IDS" <ids@scan-watch.example>',
      to,
      subject: `abuse report - ${date}`,
      date,
      messageId: id("xarf02", "scan-watch.example"),
      extra: ["Auto-Submitted: auto-generated", "X-XARF: PLAIN"],
      mime: ['Content-Type: multipart/mixed; boundary="=_xarf02-nosource"'],
    },
    multipartBody("=_xarf02-nosource", [
      textPart("Automatic abuse report. Our sensor could not fill in every field."),
      {
        headers: ['Content-Type: text/plain; charset=utf-8; name="report.txt"'],
        body: crlfText(
          [
            "---",
            "Reported-From: ids@scan-watch.example",
            "Category: abuse",
            "Report-Type: login-attack",
            "Service: ssh",
            "Version: 0.2",
            `Date: ${date}`,
            "Source-Type: ip-address",
          ].join("\n"),
        ),
      },
    ]),
  );

  const followUp = `${[
    "ご担当者様",
    "",
    "お世話になっております。",
    "先日お送りした件について、その後の状況はいかがでしょうか。",
    "お手数ですが、ご回答いただけますと幸いです。",
    "",
    "よろしくお願いいたします。",
    "--",
    "山田 太郎 <taro@home-user.example>",
  ].join(CRLF)}${CRLF}`;
  const person = Buffer.concat([
    Buffer.from(
      `${headerBlock({
        from: mailbox("山田 太郎", "taro@home-user.example", "iso-2022-jp"),
        to,
        subject: encodedHeader("先日の件について", "iso-2022-jp"),
        date: rfc5322Date(at, JST),
        messageId: id("no-resource", "home-user.example"),
        mime: ["Content-Type: text/plain; charset=ISO-2022-JP", "Content-Transfer-Encoding: 7bit"],
      })}${CRLF}${CRLF}`,
      "latin1",
    ),
    encodeIso2022jp(followUp),
  ]);

  return [
    { name: "xarf-v4-invalid-json", bytes: xarf },
    { name: "arf-without-report-part", bytes: arf },
    { name: "xarf02-without-source", bytes: legacy },
    { name: "free-text-no-resource", bytes: person },
  ];
}
