import { createHash } from "node:crypto";
import { encodedWords } from "./charsets.ts";
import { CRLF, fnv1a } from "./choice.ts";
import type { DemoCharset, DemoMailIncident } from "./incident.ts";

export { between, CRLF, fnv1a, pick } from "./choice.ts";

export const sha256 = (data: string | Uint8Array) =>
  createHash("sha256").update(data).digest("hex");

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
export function syslogTime(d: Date): string {
  const day = String(d.getUTCDate()).padStart(2, " ");
  return `${MONTHS[d.getUTCMonth()]} ${day} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

export const JST = 9 * 60;

/** `2026年11月28日 10時15分` in Japan time, the way a Japanese reporter writes a time. */
export function jaDateTime(d: Date): string {
  const t = shifted(d, JST);
  return `${t.getUTCFullYear()}年${t.getUTCMonth() + 1}月${t.getUTCDate()}日 ${t.getUTCHours()}時${pad(t.getUTCMinutes())}分`;
}

/** `2026-11-28 01:15 UTC`. */
export function enDateTime(d: Date): string {
  return `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

export const domainOf = (email: string) => email.slice(email.lastIndexOf("@") + 1).toLowerCase();
export const isIpv6 = (ip: string) => ip.includes(":");

/** The host of a URL, or undefined when it is not one. */
export function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).hostname.replace(/^\[|\]$/g, "");
  } catch {
    return undefined;
  }
}

/** Base64 in lines of 76 characters (RFC 2045). */
export function base64Lines(data: Uint8Array): string {
  const b64 = Buffer.from(data).toString("base64");
  return (b64.match(/.{1,76}/g) ?? []).join(CRLF);
}

/** Text with CRLF line ends and no trailing blank lines. */
export const crlfText = (text: string) =>
  `${text.replace(/\r?\n/g, CRLF).replace(/(\r\n)+$/, "")}${CRLF}`;

/** A multipart boundary that cannot occur in the parts (they never contain "=_"). */
export const boundaryOf = (i: DemoMailIncident, tag: string) =>
  `=_mogura-demo-${tag}-${fnv1a(`${i.messageId}/${tag}`).toString(16).padStart(8, "0")}`;

/** A quoted display name, or an RFC 2047 word when it is not ASCII. */
export function mailbox(
  name: string | undefined,
  email: string,
  charset: DemoCharset = "utf-8",
): string {
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

export function headerBlock(h: HeaderSpec): string {
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
export function multipartBody(boundary: string, parts: Part[], preamble?: string): string {
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
export const mail = (headers: HeaderSpec, body: string) =>
  Buffer.from(`${headerBlock(headers)}${CRLF}${CRLF}${body}`, "utf8");

/** A plain text part in UTF-8; base64 when it is not ASCII. */
export function textPart(text: string, extraHeaders: string[] = []): Part {
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
export function requireResource(i: DemoMailIncident, builder: string): void {
  if (!i.ip && !i.url && !i.domain)
    throw new Error(`${builder}: the incident needs an ip, url or domain (${i.messageId})`);
}

// ---------------------------------------------------------------------------------------------
