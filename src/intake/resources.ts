import type { z } from "zod";
import type { Event } from "../domain/event.ts";
import { cidr, emailAddress, hostName, ipAddress, urlOf } from "../domain/fields.ts";
import type { Resource } from "../domain/report-json.ts";

/*
 * Resources as reports name them, read by the field rules of src/domain/fields.ts. What is
 * particular to intake: defanged spellings are undone, and a network with host bits set
 * (192.0.2.5/24) is read as the network it lies in, as the reporter meant it.
 */

/** The canonical text of an IP address (IPv4-mapped IPv6 as IPv4), or null when it is not one. */
export const normalizeIp = (text: string): string | null => ipAddress(text);

/** A CIDR in canonical form (host bits zeroed), or null. */
export function normalizeCidr(text: string): string | null {
  const r = cidr(text, { hostBits: "zero" });
  return "cidr" in r ? r.cidr : null;
}

/** A host name in canonical form (lower case, punycode, no trailing dot), or null. */
export const normalizeFqdn = (text: string): string | null => hostName(text);

/** Turns defanged spellings (hxxp, [.], (dot), [:]) back into what they stand for. */
export function refang(text: string): string {
  return text
    .replace(/\bh(?:xx|\*\*|XX)p(s?)(\[?:\]?|:)\/\//gi, "http$1://")
    .replace(/\[(?:\.|dot)\]|\((?:\.|dot)\)|\{(?:\.|dot)\}/gi, ".")
    .replace(/\[:\]/g, ":")
    .replace(/\[@\]|\[at\]|\(at\)/gi, "@");
}

/** A URL in canonical form with its host, or null when it is not an http(s)/ftp URL. */
export const normalizeUrl = (text: string): { url: string; host: string; port?: number } | null =>
  urlOf(refang(text));

/** The source.* fields for a resource given in any of its forms (the report JSON's `resource`). */
export function sourceFields(r: z.infer<typeof Resource>): Partial<Event> {
  const out: Partial<Event> = {};
  if (r.url) {
    const u = normalizeUrl(r.url);
    if (u) {
      out["source.url"] = u.url;
      const ip = ipAddress(u.host);
      const host = ip ? null : hostName(u.host);
      if (ip) out["source.ip"] = ip;
      else if (host) out["source.fqdn"] = host;
    }
  }
  if (r.ip) {
    const ip = ipAddress(r.ip);
    if (ip) out["source.ip"] = ip;
  }
  if (r.cidr) {
    const net = normalizeCidr(r.cidr);
    if (net) out["source.network"] = net;
  }
  if (r.fqdn) {
    const f = hostName(r.fqdn);
    if (f) out["source.fqdn"] = f;
  }
  if (r.port !== undefined) out["source.port"] = r.port;
  if (r.email) {
    const e = emailAddress(r.email);
    if (e) out["source.account"] = e;
  }
  return out;
}
