import { isIP } from "node:net";
import ipaddr from "ipaddr.js";

type IPv4 = ipaddr.IPv4;
type IPv6 = ipaddr.IPv6;
type Cidr = [IPv4 | IPv6, number];

/** The parts of a fetch policy that decide which addresses may be contacted. */
export interface AddressPolicy {
  /** Lets tests fetch from 127.0.0.1; `internalRanges` are refused even then. */
  allowPrivateTargets: boolean;
  /** Extra CIDRs (or single addresses) to refuse: the provider's own management networks. */
  internalRanges: string[];
}

// Documentation ranges (RFC 5737, RFC 3849, RFC 9637) are routable nowhere, so letting them
// through reaches nothing; tests and examples use them as stand-ins for "somebody's public
// server", and refusing them would make those fixtures useless. ipaddr.js files them under
// "reserved", next to ranges we do refuse (198.18.0.0/15, 240.0.0.0/4, 2001::/23), so they are
// picked out here before that verdict.
const DOCUMENTATION: Cidr[] = [
  "192.0.2.0/24",
  "198.51.100.0/24",
  "203.0.113.0/24",
  "2001:db8::/32",
  "3fff::/20",
].map((c) => ipaddr.parseCIDR(c));

const GLOBAL_UNICAST_V6: Cidr = ipaddr.parseCIDR("2000::/3");
const NAT64_WELL_KNOWN: Cidr = ipaddr.parseCIDR("64:ff9b::/96");

// ipaddr.js range() names, as a person would say them.
const V4_REASONS: Record<string, string> = {
  unspecified: "in 0.0.0.0/8 (“this network”; 0.0.0.0 reaches the local host)",
  broadcast: "the limited broadcast address",
  multicast: "a multicast address",
  linkLocal: "a link-local address (where cloud metadata services live)",
  loopback: "a loopback address",
  carrierGradeNat: "in the carrier-grade NAT range 100.64.0.0/10",
  private: "a private address (RFC 1918)",
  reserved: "in a reserved range (IETF protocol assignments, benchmarking 198.18.0.0/15, 240/4)",
  as112: "an AS112 DNS sink address",
  amt: "an AMT relay anycast address",
  benchmarking: "in the benchmarking range",
};

const V6_REASONS: Record<string, string> = {
  unspecified: "the unspecified address",
  loopback: "a loopback address",
  linkLocal: "a link-local address",
  multicast: "a multicast address",
  uniqueLocal: "a unique local address (fc00::/7)",
  deprecatedSiteLocal: "a site-local address (fec0::/10)",
  discard: "in the discard-only range 100::/64",
  teredo: "a Teredo tunnel address (the real peer is hidden behind a relay)",
  benchmarking: "in the benchmarking range",
  amt: "an AMT relay address",
  as112v6: "an AS112 DNS sink address",
  deprecatedOrchid: "an ORCHID address",
  orchid2: "an ORCHIDv2 address",
  droneRemoteIdProtocolEntityTags: "a DRIP entity tag",
  segmentRouting: "a segment routing SID",
  reserved: "in a reserved range",
  rfc6052: "in the local-use NAT64 prefix 64:ff9b:1::/48",
};

// The deprecated "::a.b.c.d" notation, which ipaddr.js quietly rewrites to ::ffff:a.b.c.d.
const V4_COMPATIBLE =
  "is an IPv4-compatible IPv6 address (deprecated; no public server lives there)";
const V4_COMPATIBLE_DOTTED = /^::\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/**
 * Why `ip` may not be fetched from, as the end of a sentence ("127.0.0.1 is a loopback
 * address"), or null when it may. Only canonical literals count as addresses: anything `net`
 * would hand to a resolver ("127.1", "0x7f.1") is refused, so nothing vetted here is ever
 * looked up again.
 */
export function addressRefusal(ip: string, policy: AddressPolicy): string | null {
  const text = ip.startsWith("[") && ip.endsWith("]") ? ip.slice(1, -1) : ip;
  if (isIP(text) === 0) return `${ip} is not an IP address`;
  const internal = parseRanges(policy.internalRanges);
  if (typeof internal === "string") return internal;
  if (V4_COMPATIBLE_DOTTED.test(text)) {
    return `${text} ${V4_COMPATIBLE}`;
  }
  const why = judge(ipaddr.parse(text), internal, policy.allowPrivateTargets);
  return why === null ? null : `${text} ${why}`;
}

/** The verb phrase saying why `addr` is refused ("is a loopback address"), or null. */
function judge(addr: IPv4 | IPv6, internal: Cidr[], allowPrivate: boolean): string | null {
  const hit = internal.find(([net, bits]) => matches(addr, net, bits));
  if (hit) return `is in the internal range ${hit[0].toString()}/${hit[1]}`;

  if (addr.kind() === "ipv6") {
    const v6 = addr as IPv6;
    const embedded = embeddedIPv4(v6);
    if (embedded) {
      const why = judge(embedded, internal, allowPrivate);
      return why === null ? null : `stands for ${embedded.toString()}, which ${why}`;
    }
    if (allowPrivate) return null;
    const p = v6.parts;
    if (p[0] === 0 && p[1] === 0 && p[2] === 0 && p[3] === 0 && p[4] === 0 && p[5] === 0) {
      if (p[6] === 0 && p[7] === 0) return "is the unspecified address";
      if (p[6] === 0 && p[7] === 1) return "is a loopback address";
      return V4_COMPATIBLE;
    }
    if (DOCUMENTATION.some(([net, bits]) => matches(v6, net, bits))) return null;
    const range = v6.range();
    if (range === "unicast") {
      return v6.match(GLOBAL_UNICAST_V6) ? null : "is outside the global unicast space 2000::/3";
    }
    return `is ${V6_REASONS[range] ?? `in the special range “${range}”`}`;
  }

  if (allowPrivate) return null;
  const v4 = addr as IPv4;
  if (DOCUMENTATION.some(([net, bits]) => matches(v4, net, bits))) return null;
  const range = v4.range();
  if (range === "unicast") return null;
  return `is ${V4_REASONS[range] ?? `in the special range “${range}”`}`;
}

/**
 * The IPv4 address an IPv6 one stands for, where the network would carry the packet to that
 * IPv4 host: mapped (::ffff:a.b.c.d), SIIT-translated (::ffff:0:a.b.c.d), well-known NAT64
 * (64:ff9b::a.b.c.d) and 6to4 (2002:AABB:CCDD::).
 */
function embeddedIPv4(v6: IPv6): IPv4 | null {
  const p = v6.parts;
  const range = v6.range();
  const low = (): IPv4 => fromParts(p[6] ?? 0, p[7] ?? 0);
  if (range === "ipv4Mapped" || range === "rfc6145") return low();
  if (range === "rfc6052" && v6.match(NAT64_WELL_KNOWN)) return low();
  if (range === "6to4") return fromParts(p[1] ?? 0, p[2] ?? 0);
  return null;
}

function fromParts(hi: number, lo: number): IPv4 {
  return new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
}

function matches(addr: IPv4 | IPv6, net: IPv4 | IPv6, bits: number): boolean {
  if (addr.kind() === net.kind()) return addr.match(net, bits);
  // An IPv4 address also falls in an IPv6 range written over its mapped form.
  if (addr.kind() === "ipv4" && net.kind() === "ipv6") {
    return (addr as IPv4).toIPv4MappedAddress().match(net, bits);
  }
  return false;
}

const rangeCache = new Map<string, Cidr[] | string>();

/**
 * Parses `internalRanges`. A range that does not parse refuses everything: a typo in the
 * provider's list must not silently open the networks it was meant to close.
 */
function parseRanges(ranges: string[]): Cidr[] | string {
  const key = ranges.join(",");
  const cached = rangeCache.get(key);
  if (cached !== undefined) return cached;
  const out: Cidr[] = [];
  let result: Cidr[] | string = out;
  for (const raw of ranges) {
    const r = raw.trim();
    try {
      if (r.includes("/")) out.push(ipaddr.parseCIDR(r));
      else {
        const a = ipaddr.parse(r);
        out.push([a, a.kind() === "ipv4" ? 32 : 128]);
      }
    } catch {
      result = `the internal range “${raw}” is not a CIDR, so every address is refused`;
      break;
    }
  }
  if (rangeCache.size > 100) rangeCache.clear();
  rangeCache.set(key, result);
  return result;
}

/** Whether every entry of `ranges` is a CIDR or an address (for validating configuration). */
export function invalidInternalRange(ranges: string[]): string | null {
  for (const r of ranges) {
    const t = r.trim();
    if (!(t.includes("/") ? ipaddr.isValidCIDR(t) : ipaddr.isValid(t))) return r;
  }
  return null;
}
