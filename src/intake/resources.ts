import ipaddr from "ipaddr.js";
import type { Event } from "../domain/event.ts";

/** The canonical text of an IP address (IPv4-mapped IPv6 as IPv4), or null when it is not one. */
export function normalizeIp(text: string): string | null {
  const s = text.trim().replace(/^\[|\]$/g, "");
  if (!ipaddr.isValid(s)) return null;
  // ipaddr.js accepts "1" or "0x7f.1" as IPv4; a report means dotted quads.
  if (!s.includes(":") && !/^\d{1,3}(\.\d{1,3}){3}$/.test(s)) return null;
  const addr = ipaddr.parse(s);
  if (addr.kind() === "ipv6" && (addr as ipaddr.IPv6).isIPv4MappedAddress()) {
    return (addr as ipaddr.IPv6).toIPv4Address().toString();
  }
  return addr.toString();
}

/** A CIDR in canonical form (network address), or null. */
export function normalizeCidr(text: string): string | null {
  try {
    const [addr, bits] = ipaddr.parseCIDR(text.trim());
    const Family = addr.kind() === "ipv4" ? ipaddr.IPv4 : ipaddr.IPv6;
    return `${Family.networkAddressFromCIDR(`${addr.toString()}/${bits}`).toString()}/${bits}`;
  } catch {
    return null;
  }
}

/** Turns defanged spellings (hxxp, [.], (dot), [:]) back into what they stand for. */
export function refang(text: string): string {
  return text
    .replace(/\bh(?:xx|\*\*|XX)p(s?)(\[?:\]?|:)\/\//gi, "http$1://")
    .replace(/\[(?:\.|dot)\]|\((?:\.|dot)\)|\{(?:\.|dot)\}/gi, ".")
    .replace(/\[:\]/g, ":")
    .replace(/\[@\]|\[at\]|\(at\)/gi, "@");
}

/** A host name in canonical form (lower case, punycode, no trailing dot), or null. */
export function normalizeFqdn(text: string): string | null {
  const s = text.trim().replace(/\.$/, "");
  if (!s || s.length > 253 || normalizeIp(s)) return null;
  try {
    const host = new URL(`http://${s}/`).hostname;
    return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(host) ? host : null;
  } catch {
    return null;
  }
}

/** A URL in canonical form with its host, or null when it is not an http(s)/ftp URL. */
export function normalizeUrl(text: string): { url: string; host: string; port?: number } | null {
  try {
    const u = new URL(refang(text.trim()));
    if (!["http:", "https:", "ftp:"].includes(u.protocol) || !u.hostname) return null;
    const host = u.hostname.replace(/^\[|\]$/g, "");
    return { url: u.toString(), host, port: u.port ? Number(u.port) : undefined };
  } catch {
    return null;
  }
}

/** The source.* fields for a resource given in any of its forms. */
export function sourceFields(r: {
  ip?: string;
  cidr?: string;
  port?: number;
  fqdn?: string;
  url?: string;
  email?: string;
}): Partial<Event> {
  const out: Partial<Event> = {};
  if (r.url) {
    const u = normalizeUrl(r.url);
    if (u) {
      out["source.url"] = u.url;
      const ip = normalizeIp(u.host);
      if (ip) out["source.ip"] = ip;
      else out["source.fqdn"] = u.host;
    }
  }
  if (r.ip) {
    const ip = normalizeIp(r.ip);
    if (ip) out["source.ip"] = ip;
  }
  if (r.cidr) {
    const net = normalizeCidr(r.cidr);
    if (net) out["source.network"] = net;
  }
  if (r.fqdn) {
    const f = normalizeFqdn(r.fqdn);
    if (f) out["source.fqdn"] = f;
  }
  if (r.port !== undefined) out["source.port"] = r.port;
  if (r.email) out["source.account"] = r.email.trim().toLowerCase();
  return out;
}
