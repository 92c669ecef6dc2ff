import { promises as dns } from "node:dns";
import { isIP } from "node:net";
import { hostName, ipAddress } from "../domain/fields.ts";

export interface HostLookupOptions {
  /** "127.0.0.1", "127.0.0.1:5353", "[::1]:53", "::1"; empty: the system's resolvers. */
  servers: string[];
  /** Per query attempt. */
  timeoutMs: number;
  /** Attempts per server. */
  tries: number;
  /** Upper bound for keeping answers with addresses; 0: no cache. */
  cacheSeconds: number;
  /** How long a name that does not exist (or has no addresses) is remembered; 0: not at all. */
  negativeCacheSeconds: number;
}

export interface HostAddresses {
  host: string;
  addresses: string[];
  /** Why there are no addresses, short and human readable: "NXDOMAIN", "timeout", "SERVFAIL"… */
  error?: string;
}

export interface HostLookup {
  /** The IPv4 then IPv6 addresses of `host`; never rejects for DNS failures. */
  resolve(host: string): Promise<HostAddresses>;
}

const MAX_CACHE_ENTRIES = 10_000;
// A timeout or SERVFAIL says little about the name, so it is held only long enough to spare a
// dead server a flood of lookups for one name, whatever negativeCacheSeconds says.
const FAILURE_CACHE_MAX_SECONDS = 30;

export const INVALID_HOST = "invalid host name";
const NO_ADDRESSES = "no address records";

/** node:dns error codes as a person reads them (the names DNS tools print). */
export const DNS_ERROR_TEXT: Record<string, string> = {
  ENOTFOUND: "NXDOMAIN",
  ESERVFAIL: "SERVFAIL",
  ETIMEOUT: "timeout",
  EREFUSED: "REFUSED",
  ENOTIMP: "NOTIMP",
  EFORMERR: "FORMERR",
  EBADRESP: "bad response",
  ECONNREFUSED: "connection refused",
  ECANCELLED: "cancelled",
  EBADNAME: INVALID_HOST,
};

/** Creates a caching resolver of host names to addresses; throws only for invalid options. */
export function createHostLookup(opts: HostLookupOptions): HostLookup {
  const servers = checkOptions(opts);
  const resolver = new dns.Resolver({ timeout: opts.timeoutMs, tries: opts.tries });
  if (servers.length > 0) resolver.setServers(servers);

  const cache = new Map<string, { result: HostAddresses; expires: number }>();
  const inFlight = new Map<string, Promise<HostAddresses>>();

  function remember(name: string, result: HostAddresses, seconds: number): void {
    if (seconds <= 0) return;
    cache.delete(name);
    if (cache.size >= MAX_CACHE_ENTRIES) {
      // Map order is insertion order, so the first key is the oldest entry.
      const oldest = cache.keys().next();
      if (!oldest.done) cache.delete(oldest.value);
    }
    cache.set(name, { result, expires: performance.now() + seconds * 1000 });
  }

  async function query(name: string): Promise<HostAddresses> {
    const [v4, v6] = await Promise.allSettled([
      resolver.resolve4(name, { ttl: true }),
      resolver.resolve6(name, { ttl: true }),
    ]);
    const records = [
      ...(v4.status === "fulfilled" ? v4.value : []),
      ...(v6.status === "fulfilled" ? v6.value : []),
    ];
    const codes = [v4, v6].flatMap((r) => (r.status === "rejected" ? [errorCode(r.reason)] : []));
    // ENODATA only says the name has no records of that family; it is an answer, not a failure.
    const failures = codes.filter((c) => c !== "ENODATA");
    const failureSeconds = Math.min(opts.negativeCacheSeconds, FAILURE_CACHE_MAX_SECONDS);

    if (records.length > 0) {
      const result = { host: name, addresses: records.map((r) => r.address) };
      // Addresses are not kept past the TTL their zone gave them (fast-flux names use short ones).
      const ttl = Math.min(opts.cacheSeconds, ...records.map((r) => r.ttl));
      remember(name, result, failures.length > 0 ? Math.min(ttl, failureSeconds) : ttl);
      return result;
    }
    if (codes.includes("ENOTFOUND")) {
      const result = { host: name, addresses: [], error: "NXDOMAIN" };
      remember(name, result, opts.negativeCacheSeconds);
      return result;
    }
    const first = failures[0];
    if (first !== undefined) {
      const result = { host: name, addresses: [], error: DNS_ERROR_TEXT[first] ?? first };
      remember(name, result, failureSeconds);
      return result;
    }
    const result = { host: name, addresses: [], error: NO_ADDRESSES };
    remember(name, result, opts.negativeCacheSeconds);
    return result;
  }

  return {
    async resolve(host) {
      const norm = normaliseHost(host);
      if (norm === null) return { host, addresses: [], error: INVALID_HOST };
      if (norm.ip) return { host: norm.name, addresses: [norm.name] };
      const name = norm.name;

      const hit = cache.get(name);
      if (hit) {
        if (hit.expires > performance.now()) return copy(hit.result);
        cache.delete(name);
      }
      let pending = inFlight.get(name);
      if (!pending) {
        pending = query(name)
          .catch((e: unknown) => ({ host: name, addresses: [], error: errorCode(e) }))
          .finally(() => inFlight.delete(name));
        inFlight.set(name, pending);
      }
      return copy(await pending);
    },
  };
}

/** Callers get their own arrays, so changing one cannot change the cache or another caller. */
function copy(r: HostAddresses): HostAddresses {
  return { ...r, addresses: [...r.addresses] };
}

function errorCode(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === "string") return code;
  return e instanceof Error ? e.message : String(e);
}

/**
 * The host name (lower case, punycode, no trailing dot) or the IP literal, by the field
 * rules; null when it is neither. Blanks around it are refused rather than trimmed: a
 * caller that sends them has a bug to see.
 */
function normaliseHost(host: string): { name: string; ip: boolean } | null {
  if (host !== host.trim()) return null;
  const ip = ipAddress(host);
  if (ip !== null) return { name: ip, ip: true };
  const name = hostName(host);
  return name === null ? null : { name, ip: false };
}

/** Validates the options and returns the servers in the form node's resolver takes. */
function checkOptions(opts: HostLookupOptions): string[] {
  const positiveInt = (v: number) => Number.isInteger(v) && v > 0 && v <= 2 ** 31 - 1;
  if (!positiveInt(opts.timeoutMs)) {
    throw new Error(`host lookup: timeoutMs must be a positive integer, got ${opts.timeoutMs}`);
  }
  if (!positiveInt(opts.tries)) {
    throw new Error(`host lookup: tries must be a positive integer, got ${opts.tries}`);
  }
  for (const key of ["cacheSeconds", "negativeCacheSeconds"] as const) {
    const v = opts[key];
    if (!Number.isFinite(v) || v < 0) {
      throw new Error(`host lookup: ${key} must be a number of seconds ≥ 0, got ${v}`);
    }
  }
  return opts.servers.map(parseServer);
}

/**
 * Checks one server string. Node's own parser is too forgiving to rely on: it takes port 99999
 * as 34463 (the port modulo 65536) and reads "::1:53" as the address ::0.1.0.83.
 */
function parseServer(server: string): string {
  const bad = () =>
    new Error(
      `host lookup: invalid DNS server ${JSON.stringify(server)}: expected an IP address with an ` +
        'optional port, such as "192.0.2.53", "192.0.2.53:5353", "2001:db8::53" or "[2001:db8::53]:53"',
    );
  let ip: string;
  let port: string | undefined;
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(server);
  if (v6) {
    ip = v6[1] ?? "";
    port = v6[2];
    if (isIP(ip) !== 6) throw bad();
  } else if (isIP(server) === 6) {
    ip = server;
  } else {
    const v4 = /^([^:]+)(?::(\d+))?$/.exec(server);
    ip = v4?.[1] ?? "";
    port = v4?.[2];
    if (isIP(ip) !== 4) throw bad();
  }
  if (port !== undefined) {
    const n = Number(port);
    if (!Number.isInteger(n) || n < 1 || n > 65535) throw bad();
  }
  const hostPart = isIP(ip) === 6 ? `[${ip}]` : ip;
  return port === undefined ? ip : `${hostPart}:${Number(port)}`;
}
