import { domainToASCII } from "node:url";
import ipaddr from "ipaddr.js";
import { z } from "zod";
import { quoteInput, storableJson, storableText } from "./storable.ts";

/*
 * The field rules: how every kind of value from outside is cleaned and checked, in one place.
 * The Event schema is built from them (as IntelMQ's harmonization builds its events from
 * field types), intake reads resources with them, and the inventory and the resolver
 * normalise their input with them.
 *
 * Each reader takes `text[start, end)` (the whole string by default) and gives the clean
 * value, or null when the text is not such a value. Feeds call them on a row's text without
 * cutting the value out first. Where a reader has a fast path for the common canonical
 * spelling, the fast path is part of the reader and agrees with the rest of it
 * (fields.test.ts checks both on thousands of generated values).
 *
 * Rules decided once for intake and inventory alike:
 * - IPv4 is a dotted quad of decimal numbers; leading zeros are read as decimal ("010" is
 *   10), as PostgreSQL reads them (feeds zero-pad octets; nobody means octal in a report).
 *   IPv4-mapped IPv6 is written as IPv4. IPv6 zone ids (`%eth0`) are refused.
 * - A host name is lower case, IDN as punycode, without the trailing dot; at least two
 *   labels of 1 to 63 letters, digits, hyphens and underscores, at most 253 characters, and
 *   a last label that is not a number. Underscores are accepted on both sides: DNS holds
 *   them (`_dmarc`, `_domainkey`, SRV labels, and hosts under wildcard records), browsers
 *   and the URL standard accept them in hosts, and the resolver must find a reported
 *   `a_b.shop.example` under the provider's `shop.example`. Refusing them only loses the
 *   resource, and accepting one in the inventory harms nothing.
 * - A CIDR's host bits are an explicit choice of the caller (see `cidr`): a report naming
 *   192.0.2.5/24 means the network 192.0.2.0/24 and is read so; the provider's own
 *   inventory must say what it means and is refused with the network it probably meant.
 */

// ---------------------------------------------------------------------------------------
// IP addresses and networks
// ---------------------------------------------------------------------------------------

/** A dotted quad without leading zeros in text[s, e): already canonical. */
function isCanonicalIpv4(text: string, s: number, e: number): boolean {
  let dots = 0;
  let i = s;
  for (;;) {
    const from = i;
    let v = 0;
    while (i < e) {
      const c = text.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      v = v * 10 + c;
      if (++i - from > 3) return false;
    }
    const n = i - from;
    if (n === 0 || (n > 1 && text.charCodeAt(from) === 48) || v > 255) return false;
    if (i === e) return dots === 3;
    if (text.charCodeAt(i) !== 46 || dots === 3) return false;
    dots++;
    i++;
  }
}

const DOTTED_QUAD = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** An IPv4 dotted quad read as decimal, without leading zeros; null when it is not one. */
function ipv4Text(s: string): string | null {
  const m = DOTTED_QUAD.exec(s);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  return parts.every((p) => p <= 255) ? parts.join(".") : null;
}

/** An IPv6 address (no zone id) parsed, or null. */
function ipv6Of(s: string): ipaddr.IPv6 | null {
  if (s.includes("%") || !ipaddr.IPv6.isValid(s)) return null;
  return ipaddr.IPv6.parse(s);
}

/** The address text when the whole reader's fast path does not apply. */
export function ipAddressCareful(text: string): string | null {
  const s = text.trim().replace(/^\[|\]$/g, "");
  if (!s.includes(":")) return ipv4Text(s);
  const v6 = ipv6Of(s);
  if (!v6) return null;
  return v6.isIPv4MappedAddress() ? v6.toIPv4Address().toString() : v6.toString();
}

/**
 * The canonical text of an IP address in text[start, end): IPv4 as a dotted quad, IPv6 in
 * its short form (RFC 5952), IPv4-mapped IPv6 as IPv4; surrounding blanks and brackets are
 * dropped. Null when it is not an address.
 */
export function ipAddress(text: string, start = 0, end = text.length): string | null {
  if (isCanonicalIpv4(text, start, end)) {
    return start === 0 && end === text.length ? text : text.slice(start, end);
  }
  return ipAddressCareful(start === 0 && end === text.length ? text : text.slice(start, end));
}

export interface CidrOptions {
  /**
   * What a network with host bits set (`192.0.2.5/24`) is: `zero` reads it as the network it
   * lies in (a report naming an address with its prefix), `refuse` is an error naming the
   * network it probably means (the provider's own data should say what it means). `refuse`
   * also refuses an IPv4-mapped IPv6 range, which `zero` writes as IPv4.
   */
  hostBits: "zero" | "refuse";
}

/**
 * A network in the form PostgreSQL prints it (`192.0.2.0/28`, `2001:db8:10::/48`), or an
 * error message. A bare address is a /32 or /128; the address follows the rules of
 * `ipAddress`.
 */
export function cidr(input: string, opts: CidrOptions): { cidr: string } | { error: string } {
  const v = input.trim();
  const slash = v.indexOf("/");
  const addressText = slash < 0 ? v : v.slice(0, slash);
  const bitsText = slash < 0 ? null : v.slice(slash + 1);
  const notCidr = { error: `"${input}" is not a CIDR (e.g. 192.0.2.0/24 or 2001:db8::/32)` };
  let address: ipaddr.IPv4 | ipaddr.IPv6;
  if (addressText.includes(":")) {
    const v6 = ipv6Of(addressText);
    if (!v6) return notCidr;
    address = v6;
  } else {
    const v4 = ipv4Text(addressText);
    if (!v4) return notCidr;
    address = ipaddr.IPv4.parse(v4);
  }
  const most = address.kind() === "ipv4" ? 32 : 128;
  if (bitsText !== null && !/^\d{1,3}$/.test(bitsText)) return notCidr;
  let bits = bitsText === null ? most : Number(bitsText);
  if (bits > most) return notCidr;
  if (address.kind() === "ipv6" && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
    if (opts.hostBits === "refuse" || bits < 96) {
      return { error: `"${input}" is an IPv4-mapped IPv6 range: write it as IPv4` };
    }
    address = (address as ipaddr.IPv6).toIPv4Address();
    bits -= 96;
  }
  const network =
    address.kind() === "ipv4"
      ? ipaddr.IPv4.networkAddressFromCIDR(`${address.toString()}/${bits}`)
      : ipaddr.IPv6.networkAddressFromCIDR(`${address.toString()}/${bits}`);
  if (opts.hostBits === "refuse" && network.toString() !== address.toString()) {
    return {
      error: `"${input}" has host bits set: did you mean ${network.toString()}/${bits}?`,
    };
  }
  return { cidr: `${network.toString()}/${bits}` };
}

// ---------------------------------------------------------------------------------------
// Host names, URLs, e-mail addresses
// ---------------------------------------------------------------------------------------

const isLabelChar = (c: number) =>
  (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 95;

/**
 * text[s, e) is a host name already in canonical form (lower-case ASCII, no trailing dot),
 * checked by hand: this runs for every row of a feed.
 */
function isCanonicalHost(text: string, s: number, e: number): boolean {
  if (e - s > 253) return false;
  let labelStart = s;
  let labels = 1;
  let digitsOnly = true;
  for (let i = s; i < e; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (i === labelStart || i - labelStart > 63) return false;
      labelStart = i + 1;
      labels++;
      digitsOnly = true;
    } else if (isLabelChar(c)) {
      if (c < 48 || c > 57) digitsOnly = false;
    } else {
      return false;
    }
  }
  return labels >= 2 && e > labelStart && e - labelStart <= 63 && !digitsOnly;
}

/** The host name when the reader's fast path does not apply. */
export function hostNameCareful(text: string): string | null {
  let v = text.trim();
  // IDN to punycode by UTS #46, which also maps full-width letters and dots
  if (/[^\x21-\x7e]/.test(v)) v = domainToASCII(v.toLowerCase());
  else v = v.toLowerCase();
  if (v.endsWith(".")) v = v.slice(0, -1);
  return v && isCanonicalHost(v, 0, v.length) ? v : null;
}

/** A host name in text[start, end) in canonical form (see the rules above), or null. */
export function hostName(text: string, start = 0, end = text.length): string | null {
  if (isCanonicalHost(text, start, end)) {
    return start === 0 && end === text.length ? text : text.slice(start, end);
  }
  return hostNameCareful(start === 0 && end === text.length ? text : text.slice(start, end));
}

const URL_SCHEMES = new Set(["http:", "https:", "ftp:"]);

/**
 * An http(s) or ftp URL as the URL standard serialises it (host in lower case and punycode,
 * path percent-encoded), with its host (brackets of an IPv6 literal dropped) and port.
 */
export function urlOf(text: string): { url: string; host: string; port?: number } | null {
  let u: URL;
  try {
    u = new URL(text.trim());
  } catch {
    return null;
  }
  if (!URL_SCHEMES.has(u.protocol) || !u.hostname) return null;
  const host = u.hostname.replace(/^\[|\]$/g, "");
  return { url: u.toString(), host, port: u.port ? Number(u.port) : undefined };
}

/** An e-mail address: the local part in lower case, the domain a host name; or null. */
export function emailAddress(text: string): string | null {
  const v = text.trim();
  const at = v.lastIndexOf("@");
  if (at < 1) return null;
  const local = v.slice(0, at);
  if (local.length > 64 || /[\s@]/.test(local)) return null;
  const domain = hostName(v, at + 1, v.length);
  return domain ? `${local.toLowerCase()}@${domain}` : null;
}

// ---------------------------------------------------------------------------------------
// Numbers, codes and times
// ---------------------------------------------------------------------------------------

/** The digits of text[from, e) as a number, or -1: none, more than `most`, or another character. */
function digitsAt(text: string, from: number, e: number, most: number): number {
  const n = e - from;
  if (n < 1 || n > most) return -1;
  let v = 0;
  for (let i = from; i < e; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** A port in text[start, end): 1 to 5 ASCII digits, at most 65535; or null. */
export function port(text: string, start = 0, end = text.length): number | null {
  const v = digitsAt(text, start, end, 5);
  return v >= 0 && v <= 65535 ? v : null;
}

/** An AS number in text[start, end): 1 to 10 digits, "AS" before them allowed, at most 2^32 − 1. */
export function asNumber(text: string, start = 0, end = text.length): number | null {
  // c | 32 folds exactly "A"/"a" to 97 and "S"/"s" to 115
  const as =
    end - start > 2 &&
    (text.charCodeAt(start) | 32) === 97 &&
    (text.charCodeAt(start + 1) | 32) === 115;
  const v = digitsAt(text, as ? start + 2 : start, end, 10);
  return v >= 0 && v <= 4294967295 ? v : null;
}

const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const COUNTRY_CODES = new Map<number, string>();

/** A country code in text[start, end): two ASCII letters, given in upper case (one string per code). */
export function countryCode(text: string, start = 0, end = text.length): string | null {
  if (end - start !== 2) return null;
  const x = text.charCodeAt(start);
  const y = text.charCodeAt(start + 1);
  if (!isLetter(x) || !isLetter(y)) return null;
  const key = (x & ~32) * 128 + (y & ~32); // & ~32: a letter in upper case
  let cc = COUNTRY_CODES.get(key);
  if (cc === undefined) {
    cc = String.fromCharCode(x & ~32, y & ~32);
    COUNTRY_CODES.set(key, cc);
  }
  return cc;
}

const TRANSPORTS = /^(?:tcp|udp|icmp|sctp)$/i;

/** A transport protocol (tcp, udp, icmp, sctp) in lower case, or null. */
export function transport(text: string, start = 0, end = text.length): string | null {
  const v = start === 0 && end === text.length ? text : text.slice(start, end);
  return TRANSPORTS.test(v) ? v.toLowerCase() : null;
}

/** Text in lower case (malware names, application protocols). */
export function lowerText(text: string, start = 0, end = text.length): string {
  return (start === 0 && end === text.length ? text : text.slice(start, end)).toLowerCase();
}

const ISO_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)$/;

/**
 * A point in time as ISO-8601 UTC with milliseconds (`2026-11-28T00:14:09.000Z`), from an
 * ISO-8601 date and time with a zone (`Z`, `+09:00`, `+0900`, `+09`); null when it is none,
 * names a day that does not exist, or falls outside the years 1 to 9999 (which PostgreSQL
 * would not read back in this form).
 */
export function utcTime(text: string): string | null {
  const v = text.trim();
  const m = ISO_TIME.exec(v);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map((x) => Number(x ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const ms = Number((m[7] ?? "").padEnd(3, "0").slice(0, 3));
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return null;
  const t = new Date(0);
  t.setUTCFullYear(y, mo - 1, d);
  if (t.getUTCMonth() !== mo - 1) return null; // 30 February
  t.setUTCHours(h, mi, s, ms);
  const zone = m[8] as string;
  if (zone !== "Z") {
    const z = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone) as RegExpExecArray;
    const minutes = Number(z[2]) * 60 + Number(z[3] ?? 0);
    t.setTime(t.getTime() - (z[1] === "-" ? -minutes : minutes) * 60_000);
  }
  const year = t.getUTCFullYear();
  if (year < 1 || year > 9999) return null;
  return t.toISOString();
}

// ---------------------------------------------------------------------------------------
// The rules as zod schemas, for the Event and other schemas
// ---------------------------------------------------------------------------------------

/** A string schema that cleans with `clean` and refuses what it gives null for. */
function rule<T>(what: string, clean: (text: string) => T | null) {
  return z.string().transform((v, ctx) => {
    const out = clean(v);
    if (out === null) {
      ctx.addIssue({ code: "custom", message: `${quoteInput(v)} is not ${what}` });
      return z.NEVER;
    }
    return out;
  });
}

/** A number or its digits, checked by `read` (which is given the digits as text). */
function numberRule(what: string, read: (text: string) => number | null) {
  return z.union([z.number(), z.string()]).transform((v, ctx) => {
    const out =
      typeof v === "number"
        ? Number.isInteger(v) && v >= 0
          ? read(String(v))
          : null
        : read(v.trim());
    if (out === null) {
      ctx.addIssue({ code: "custom", message: `${quoteInput(String(v))} is not ${what}` });
      return z.NEVER;
    }
    return out;
  });
}

/** Any text, made storable (U+0000 and lone surrogates replaced). */
export const StorableText = z.string().transform(storableText);
/** Text in lower case, made storable. */
export const LowerText = z.string().transform((v) => storableText(lowerText(v)));
export const IpAddress = rule("an IP address", (v) => ipAddress(v));
/** A network; host bits set are zeroed (what a report means). */
export const Network = rule("a CIDR network", (v) => {
  const r = cidr(v, { hostBits: "zero" });
  return "cidr" in r ? r.cidr : null;
});
export const HostName = rule("a host name", (v) => hostName(v));
export const Url = rule("an http(s) or ftp URL", (v) => urlOf(v)?.url ?? null);
export const EmailAddress = rule("an e-mail address", emailAddress);
export const Port = numberRule("a port number", (v) => port(v));
export const AsNumber = numberRule("an AS number", (v) => asNumber(v));
export const CountryCode = rule("a two-letter country code", (v) => countryCode(v.trim()));
export const Transport = rule("a transport protocol (tcp, udp, icmp, sctp)", (v) =>
  transport(v.trim()),
);
export const UtcTime = rule("an ISO-8601 time with a zone", utcTime).describe("UTC ISO-8601");
/** A JSON object whose strings, keys included, are made storable. */
export const StorableRecord = z.record(z.string(), z.unknown()).transform((v) => storableJson(v));
