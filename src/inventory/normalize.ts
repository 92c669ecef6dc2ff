import { domainToASCII } from "node:url";
import ipaddr from "ipaddr.js";

/**
 * A CIDR in the form PostgreSQL prints it (`192.0.2.0/28`, `2001:db8:10::/48`), or an error
 * message. Host bits must be zero: `192.0.2.5/24` is refused with the network it probably means.
 * A bare address is a /32 or /128.
 */
export function normalizeCidr(input: string): { cidr: string } | { error: string } {
  const v = input.trim();
  let addr: ipaddr.IPv4 | ipaddr.IPv6;
  let bits: number;
  try {
    if (v.includes("/")) {
      [addr, bits] = ipaddr.parseCIDR(v);
    } else {
      addr = ipaddr.parse(v);
      bits = addr.kind() === "ipv4" ? 32 : 128;
    }
  } catch {
    return { error: `"${input}" is not a CIDR (e.g. 192.0.2.0/24 or 2001:db8::/32)` };
  }
  if (addr.kind() === "ipv6" && (addr as ipaddr.IPv6).isIPv4MappedAddress()) {
    return { error: `"${input}" is an IPv4-mapped IPv6 range: write it as IPv4` };
  }
  const network =
    addr.kind() === "ipv4"
      ? ipaddr.IPv4.networkAddressFromCIDR(`${addr.toString()}/${bits}`)
      : ipaddr.IPv6.networkAddressFromCIDR(`${addr.toString()}/${bits}`);
  if (network.toString() !== addr.toString()) {
    return {
      error: `"${input}" has host bits set: did you mean ${network.toString()}/${bits}?`,
    };
  }
  return { cidr: `${network.toString()}/${bits}` };
}

/**
 * A host name as the inventory keeps it: lower case, ASCII (IDN as punycode), no trailing
 * dot. Null when it is not a DNS name.
 */
export function normalizeHost(input: string): string | null {
  let v = input.trim().toLowerCase();
  if (v.endsWith(".")) v = v.slice(0, -1);
  if (v.startsWith("*.")) return null;
  if (/[^\x21-\x7e]/.test(v)) v = domainToASCII(v);
  if (!v || v.length > 253) return null;
  const labels = v.split(".");
  if (labels.length < 2) return null;
  for (const l of labels) {
    if (!/^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/.test(l)) return null;
  }
  if (/^\d+$/.test(labels[labels.length - 1] ?? "")) return null; // an IPv4 address, not a name
  return v;
}
