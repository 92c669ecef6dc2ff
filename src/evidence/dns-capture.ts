import { promises as dns } from "node:dns";
import { isIP } from "node:net";
import { domainToASCII } from "node:url";
import { getDomain } from "tldts";
import { DNS_ERROR_TEXT, INVALID_HOST } from "../resolve/host-lookup.ts";

export interface DnsCaptureOptions {
  /** "127.0.0.1", "127.0.0.1:5353", "[::1]:53"; empty: the system's resolvers. */
  servers: string[];
  /** Per query; each query is tried once, so a capture takes at most about this long. */
  timeoutMs: number;
}

export type DnsRecordType = "A" | "AAAA" | "CNAME" | "NS" | "MX" | "TXT";

export interface DnsRecordSet {
  /** The name asked, lowercase, in ASCII (IDNs as A-labels), without a trailing dot. */
  name: string;
  type: DnsRecordType;
  /** In presentation form: names end with a dot, MX is "10 mx.example.", TXT chunks are joined. */
  values: string[];
  /** Why there is no answer, short: "NXDOMAIN", "timeout", "SERVFAIL"… Absent when answered. */
  error?: string;
}

export interface DnsCapture {
  /** The servers asked, comma-separated, or "system". */
  resolver: string;
  /** When the capture started (UTC ISO-8601). */
  at: string;
  records: DnsRecordSet[];
}

/** The types captured, in the order their record sets appear. */
export const DNS_RECORD_TYPES: readonly DnsRecordType[] = ["A", "AAAA", "CNAME", "NS", "MX", "TXT"];

/**
 * The A, AAAA, CNAME, NS, MX, TXT records of a host and of its registrable domain (tldts
 * getDomain). Never rejects for DNS failures: they are recorded per record set. An IP literal
 * has no name to ask, so its capture has no records. Throws only for invalid options.
 */
export async function captureDns(host: string, opts: DnsCaptureOptions): Promise<DnsCapture> {
  const at = new Date().toISOString();
  const resolverName = opts.servers.length > 0 ? opts.servers.join(",") : "system";
  // A fresh resolver per capture: c-ares caches answers per channel, and evidence must show
  // what the servers said now, not what an earlier capture was told.
  const resolver = new dns.Resolver({ timeout: opts.timeoutMs, tries: 1 });
  if (opts.servers.length > 0) resolver.setServers(opts.servers);

  if (isIpLiteral(host)) return { resolver: resolverName, at, records: [] };
  const name = normaliseName(host);
  if (name === null) {
    const records = DNS_RECORD_TYPES.map((type) => ({
      name: host,
      type,
      values: [],
      error: INVALID_HOST,
    }));
    return { resolver: resolverName, at, records };
  }

  const names = [name];
  const domain = getDomain(name, { allowPrivateDomains: true });
  if (domain && domain !== name) names.push(domain);

  const records = await Promise.all(
    names.flatMap((n) => DNS_RECORD_TYPES.map((type) => queryOne(resolver, n, type))),
  );
  return { resolver: resolverName, at, records };
}

async function queryOne(
  resolver: dns.Resolver,
  name: string,
  type: DnsRecordType,
): Promise<DnsRecordSet> {
  try {
    return { name, type, values: await valuesOf(resolver, name, type) };
  } catch (e) {
    const code = errorCode(e);
    // ENODATA: the name exists but has no records of this type; that is an answer.
    if (code === "ENODATA") return { name, type, values: [] };
    return { name, type, values: [], error: DNS_ERROR_TEXT[code] ?? code };
  }
}

async function valuesOf(
  resolver: dns.Resolver,
  name: string,
  type: DnsRecordType,
): Promise<string[]> {
  switch (type) {
    case "A":
      return resolver.resolve4(name);
    case "AAAA":
      return resolver.resolve6(name);
    case "CNAME":
      return (await resolver.resolveCname(name)).map(absolute);
    case "NS":
      return (await resolver.resolveNs(name)).map(absolute);
    case "MX":
      return (await resolver.resolveMx(name)).map(
        (mx) => `${mx.priority} ${absolute(mx.exchange)}`,
      );
    case "TXT":
      // A long TXT record arrives split into 255-byte strings; readers (SPF, DKIM) join them.
      return (await resolver.resolveTxt(name)).map((chunks) => chunks.join(""));
  }
}

/** Presentation form of a domain name; the root (a null MX, RFC 7505) is ".". */
function absolute(name: string): string {
  return name.endsWith(".") ? name : `${name}.`;
}

function errorCode(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === "string") return code;
  return e instanceof Error ? e.message : String(e);
}

function isIpLiteral(host: string): boolean {
  const h = host.trim();
  const bracketed = /^\[(.+)\]$/.exec(h);
  return isIP(bracketed?.[1] ?? h) !== 0;
}

/** The lowercase ASCII name without a trailing dot; null when not a valid host name. */
function normaliseName(host: string): string | null {
  let name = host.trim().toLowerCase();
  if (name.endsWith(".")) name = name.slice(0, -1);
  const ascii = domainToASCII(name);
  if (ascii === "" || ascii.length > 253) return null;
  const labels = ascii.split(".");
  if (labels.some((l) => !/^[a-z0-9_-]{1,63}$/.test(l))) return null;
  return ascii;
}
